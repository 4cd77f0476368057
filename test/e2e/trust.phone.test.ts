import { describeTrustAt } from './support/trustChecks';

describeTrustAt('phone');
