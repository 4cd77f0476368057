import { everyField } from './fieldNames';

/** An advisor (conseiller) as the table `advisors` keeps it; the API answers the same. */
export interface AdvisorFields {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
}

export const ADVISOR_FIELDS = everyField<AdvisorFields>()(['id', 'firstName', 'lastName', 'email']);
export type AdvisorRecord = AdvisorFields;
