import englishMessages from 'ra-language-english';
import type { TranslationMessages } from 'react-admin';
import { importMessagesEn } from '../imports/importMessages';

/** English UI texts, same keys as fr.ts. */
export const en: TranslationMessages = {
  ...englishMessages,
  resources: {
    clients: {
      name: 'Client |||| Clients',
      fields: {
        id: 'Id',
        lastName: 'Last name',
        firstName: 'First name',
        clientNumber: 'Client number',
        email: 'Email',
        phone: 'Phone',
        address: 'Address',
        advisorId: 'Referent advisor',
        activeContracts: 'Active contracts',
        createdAt: 'Created',
        updatedAt: 'Updated',
        q: 'Search',
      },
      tabs: {
        info: 'Details',
        contracts: 'Contracts',
        commissions: 'Commissions',
        advisor: 'Advisor',
        history: 'History',
      },
      filters: {
        advisor: 'Advisor',
        search: 'Name, first name, client no., email, phone',
      },
      actions: {
        create: 'New client',
        bulk_delete: 'Delete selection',
        export: 'Export',
        export_csv: 'Export as CSV',
        export_xlsx: 'Export as Excel',
      },
      helper: {
        clientNumber: 'Unique client identifier, used in particular by imports.',
      },
      empty: {
        title: 'No clients yet',
        invite: 'Create your first client, or import a commission statement: clients mapped in the file are created automatically.',
      },
      delete: {
        title: 'Delete client "%{name}"?',
        content:
          'The client will be permanently deleted. Their contracts will be unlinked from the client and their historical commissions kept, without a link to the client.',
        bulk_title: 'Delete %{smart_count} client? |||| Delete %{smart_count} clients?',
        bulk_content:
          'The selected client will be permanently deleted. Their contracts will be unlinked and their historical commissions kept, without a link to the client. |||| The %{smart_count} selected clients will be permanently deleted, all or none. Their contracts will be unlinked and their historical commissions kept, without a link to the clients.',
      },
      similar: {
        title: 'Existing client?',
        intro: 'These clients look like the one you are typing. Check it is not a duplicate before saving:',
        matched_on: 'same %{fields}',
        matched_name: 'similar name',
        matched_email: 'email',
        matched_phone: 'phone',
        open: 'Open',
      },
      contracts: {
        empty: 'No contract linked to this client.',
      },
      commissions: {
        empty: 'No commission for this client.',
        total: 'Total commissions: %{amount} (%{smart_count} line) |||| Total commissions: %{amount} (%{smart_count} lines)',
      },
      advisor: {
        referent: 'Referent advisor',
        none: 'No referent advisor.',
        via_contracts: 'Related advisors (referent and contracts)',
      },
      history: {
        empty: 'No change recorded for this client.',
      },
      export: {
        too_many: 'Export limited to the first %{max} clients.',
      },
    },
    advisors: {
      name: 'Advisor |||| Advisors',
      fields: { id: 'Id', lastName: 'Last name', firstName: 'First name', email: 'Email', q: 'Search' },
      clients: 'Clients',
      contracts: 'Contracts',
    },
    contracts: {
      name: 'Contract |||| Contracts',
      fields: {
        id: 'Id',
        contractNumber: 'Contract number',
        clientId: 'Client',
        advisorId: 'Advisor',
        product: 'Product',
        insurer: 'Insurer',
        status: 'Status',
        startDate: 'Start date',
        endDate: 'End date',
        q: 'Search',
      },
      status: { active: 'Active', terminated: 'Terminated' },
      no_client: 'No client',
      commissions: 'Commissions of the contract',
    },
    commissions: {
      name: 'Commission |||| Commissions',
      fields: {
        id: 'Id',
        contractId: 'Contract',
        clientId: 'Client',
        advisorId: 'Advisor',
        importId: 'Import',
        date: 'Date',
        amount: 'Amount',
        label: 'Label',
        clientNumber: 'Client number (statement)',
        clientName: 'Client name (statement)',
        q: 'Search',
      },
      no_client: 'Client deleted or not linked',
    },
    users: {
      name: 'User |||| Users',
      fields: {
        id: 'Id',
        fullName: 'Full name',
        email: 'Email',
        role: 'Role',
        active: 'Active',
        lastLoginAt: 'Last sign-in',
        createdAt: 'Created',
        password: 'Password',
        newPassword: 'New password',
        q: 'Search',
      },
      roles: { admin: 'Administrator', support: 'Support (read only)' },
      password_help: 'At least 10 characters.',
      new_password_help: 'Leave empty to keep the current password. A new password signs the user out.',
      active_help: 'A deactivated user can no longer sign in; their history is kept.',
    },
    'audit-entries': {
      name: 'History |||| History',
      fields: {
        id: 'Id',
        occurredAt: 'Date',
        userId: 'User',
        userLabel: 'By',
        action: 'Action',
        recordType: 'Type',
        recordId: 'Client',
        recordLabel: 'Client',
        importId: 'Import',
        changes: 'Changes',
      },
      actions: { create: 'Created', update: 'Updated', delete: 'Deleted', merge: 'Merged', import: 'Import' },
      empty_value: '(empty)',
      no_change: 'No field changed',
      deleted_client: 'deleted client',
    },
    imports: importMessagesEn,
  },
  app: {
    title: 'Conance',
    list: {
      total_estimated: 'More than 1,000 results: the total (about %{total}) is an estimate. Narrow the search for an exact count.',
    },
    login: { title: 'Conance back-office' },
    notification: {
      forbidden: 'Your role does not allow this action.',
      export_failed: 'Export failed: %{error}',
    },
    validation: {
      email: 'Invalid email address (example: jean.dupont@example.com).',
      phone: 'Invalid phone number (example: 06 12 34 56 78).',
      password: 'The password must be at least 10 characters long.',
    },
  },
};
