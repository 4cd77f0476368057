import frenchMessages from 'ra-language-french';
import type { TranslationMessages } from 'react-admin';
import { importMessagesFr } from '../imports/importMessages';

/** French UI texts (the default locale). Resource and field names follow the user documentation. */
export const fr: TranslationMessages = {
  ...frenchMessages,
  ra: {
    ...frenchMessages.ra,
    action: { ...frenchMessages.ra.action, edit: 'Modifier' },
  },
  resources: {
    clients: {
      name: 'Client |||| Clients',
      fields: {
        id: 'Identifiant',
        lastName: 'Nom',
        firstName: 'Prénom',
        clientNumber: 'Numéro client',
        email: 'Email',
        phone: 'Téléphone',
        address: 'Adresse',
        advisorId: 'Conseiller référent',
        activeContracts: 'Contrats actifs',
        createdAt: 'Créé le',
        updatedAt: 'Modifié le',
        q: 'Rechercher',
      },
      tabs: {
        info: 'Informations',
        contracts: 'Contrats',
        commissions: 'Commissions',
        advisor: 'Conseiller',
        history: 'Historique',
      },
      filters: {
        advisor: 'Conseiller',
        search: 'Nom, prénom, n° client, email, téléphone',
      },
      actions: {
        create: 'Nouveau client',
        bulk_delete: 'Supprimer la sélection',
        export: 'Exporter',
        export_csv: 'Exporter en CSV',
        export_xlsx: 'Exporter en Excel',
      },
      helper: {
        clientNumber: 'Identifiant unique du client, utilisé notamment lors des imports.',
      },
      empty: {
        title: 'Aucun client pour le moment',
        invite: 'Créez votre premier client, ou importez un relevé de commissions : les clients mappés dans le fichier sont créés automatiquement.',
      },
      delete: {
        title: 'Supprimer le client « %{name} » ?',
        content:
          'Le client sera supprimé définitivement. Ses contrats seront dissociés du client et ses commissions historiques resteront conservées, mais sans lien vers le client.',
        bulk_title: 'Supprimer %{smart_count} client ? |||| Supprimer %{smart_count} clients ?',
        bulk_content:
          'Le client sélectionné sera supprimé définitivement. Ses contrats seront dissociés et ses commissions historiques resteront conservées, sans lien vers le client. |||| Les %{smart_count} clients sélectionnés seront supprimés définitivement, tous ou aucun. Leurs contrats seront dissociés et leurs commissions historiques resteront conservées, sans lien vers les clients.',
      },
      similar: {
        title: 'Client déjà existant ?',
        intro: 'Ces clients ressemblent à celui que vous saisissez. Vérifiez qu’il ne s’agit pas d’un doublon avant d’enregistrer :',
        matched_on: 'même %{fields}',
        matched_name: 'nom proche',
        matched_email: 'email',
        matched_phone: 'téléphone',
        open: 'Ouvrir la fiche',
      },
      contracts: {
        empty: 'Aucun contrat associé à ce client.',
      },
      commissions: {
        empty: 'Aucune commission pour ce client.',
        total: 'Total des commissions : %{amount} (%{smart_count} ligne) |||| Total des commissions : %{amount} (%{smart_count} lignes)',
      },
      advisor: {
        referent: 'Conseiller référent',
        none: 'Aucun conseiller référent.',
        via_contracts: 'Conseillers associés (référent et contrats)',
      },
      history: {
        empty: 'Aucune modification enregistrée pour ce client.',
      },
      export: {
        too_many: 'Export limité aux %{max} premiers clients.',
      },
    },
    advisors: {
      name: 'Conseiller |||| Conseillers',
      fields: {
        id: 'Identifiant',
        lastName: 'Nom',
        firstName: 'Prénom',
        email: 'Email',
        q: 'Rechercher',
      },
      clients: 'Clients suivis',
      contracts: 'Contrats',
    },
    contracts: {
      name: 'Contrat |||| Contrats',
      fields: {
        id: 'Identifiant',
        contractNumber: 'Numéro de contrat',
        clientId: 'Client',
        advisorId: 'Conseiller',
        product: 'Produit',
        insurer: 'Assureur',
        status: 'Statut',
        startDate: 'Date d’effet',
        endDate: 'Date de fin',
        q: 'Rechercher',
      },
      status: {
        active: 'Actif',
        terminated: 'Résilié',
      },
      no_client: 'Sans client',
      commissions: 'Commissions du contrat',
    },
    commissions: {
      name: 'Commission |||| Commissions',
      fields: {
        id: 'Identifiant',
        contractId: 'Contrat',
        clientId: 'Client',
        advisorId: 'Conseiller',
        importId: 'Import',
        date: 'Date',
        amount: 'Montant',
        label: 'Libellé',
        clientNumber: 'Numéro client (relevé)',
        clientName: 'Nom du client (relevé)',
        q: 'Rechercher',
      },
      no_client: 'Client supprimé ou non rattaché',
    },
    users: {
      name: 'Utilisateur |||| Utilisateurs',
      fields: {
        id: 'Identifiant',
        fullName: 'Nom complet',
        email: 'Email',
        role: 'Rôle',
        active: 'Actif',
        lastLoginAt: 'Dernière connexion',
        createdAt: 'Créé le',
        password: 'Mot de passe',
        newPassword: 'Nouveau mot de passe',
        q: 'Rechercher',
      },
      roles: {
        admin: 'Administrateur',
        support: 'Support (lecture seule)',
      },
      password_help: 'Au moins 10 caractères.',
      new_password_help: 'Laissez vide pour conserver le mot de passe actuel. Un nouveau mot de passe déconnecte l’utilisateur.',
      active_help: 'Un utilisateur désactivé ne peut plus se connecter ; son historique est conservé.',
    },
    'audit-entries': {
      name: 'Historique |||| Historique',
      fields: {
        id: 'Identifiant',
        occurredAt: 'Date',
        userId: 'Utilisateur',
        userLabel: 'Par',
        action: 'Action',
        recordType: 'Type',
        recordId: 'Client',
        recordLabel: 'Client',
        importId: 'Import',
        changes: 'Modifications',
      },
      actions: {
        create: 'Création',
        update: 'Modification',
        delete: 'Suppression',
        merge: 'Fusion',
        import: 'Import',
      },
      empty_value: '(vide)',
      no_change: 'Aucun champ modifié',
      deleted_client: 'client supprimé',
    },
    imports: importMessagesFr,
  },
  app: {
    title: 'Conance',
    list: {
      total_estimated: 'Plus de 1 000 résultats : le total (environ %{total}) est une estimation. Affinez la recherche pour un compte exact.',
    },
    login: {
      title: 'Back-office Conance',
    },
    notification: {
      forbidden: 'Votre rôle ne permet pas cette action.',
      export_failed: 'L’export a échoué : %{error}',
    },
    validation: {
      email: 'Adresse email invalide (exemple : jean.dupont@exemple.fr).',
      phone: 'Numéro de téléphone invalide (exemple : 06 12 34 56 78).',
      password: 'Le mot de passe doit contenir au moins 10 caractères.',
    },
  },
};
