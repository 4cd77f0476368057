import { describeTrustAt } from './support/trustChecks';

describeTrustAt('desktop');
