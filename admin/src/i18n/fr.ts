import frenchMessages from 'ra-language-french';
import type { TranslationMessages } from 'react-admin';
import { importMessagesFr } from '../imports/importMessages';

/** French UI texts (the default locale). Resource and field names follow the user documentation. */
export const fr: TranslationMessages = {
  ...frenchMessages,
  ra: {
    ...frenchMessages.ra,
    // select_row_named: row checkboxes named after their record (patched SelectRowCheckbox).
    action: { ...frenchMessages.ra.action, edit: 'Modifier', select_row_named: 'Sélectionner %{name}' },
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
        advisor: 'Conseillers',
        history: 'Historique',
      },
      filters: {
        advisor: 'Conseiller',
        search: 'Nom, prénom, n° client, email, téléphone',
      },
      actions: {
        create: 'Nouveau client',
        bulk_delete: 'Supprimer la sélection',
        change_referent: 'Changer le conseiller référent',
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
        add: 'Ajouter un contrat',
      },
      referent: {
        title: 'Changer le conseiller référent de %{smart_count} client |||| Changer le conseiller référent de %{smart_count} clients',
        content: 'Le conseiller choisi devient le référent de chaque client sélectionné, tous ou aucun. Chaque changement est inscrit dans l’historique du client.',
        advisor: 'Nouveau conseiller référent',
        required: 'Choisissez un conseiller.',
        confirm: 'Appliquer',
        success: 'Conseiller référent changé pour %{smart_count} client |||| Conseiller référent changé pour %{smart_count} clients',
      },
      commissions: {
        empty: 'Aucune commission pour ce client.',
        total: 'Total des commissions : %{amount} (%{smart_count} ligne) |||| Total des commissions : %{amount} (%{smart_count} lignes)',
      },
      advisor: {
        referent: 'Conseiller référent',
        none: 'Aucun conseiller référent.',
        via_contracts: 'Conseillers associés (référent et contrats)',
        role: 'Rôle',
        referent_role: 'Référent',
        contract_role: 'Contrats',
        contracts: 'Contrats',
        active_contracts: 'Contrats actifs',
        empty: 'Aucun conseiller : ni référent, ni contrat rattaché à un conseiller.',
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
        active: 'En cours',
        q: 'Rechercher',
      },
      status: {
        active: 'Actif',
        terminated: 'Résilié',
        expired: 'Échu',
      },
      filters: {
        search: 'N° de contrat ou produit',
        status_active: 'Actifs',
        status_terminated: 'Résiliés ou échus',
        status_all: 'Tous',
      },
      helper: {
        contractNumber: 'Unique, sans distinction de majuscules : c’est lui qui rattache les lignes des relevés au contrat.',
        status: 'Un contrat est compté comme actif tant que sa date de fin est vide ou n’est pas passée.',
      },
      actions: {
        create: 'Nouveau contrat',
        terminate: 'Résilier',
      },
      terminate: {
        title: 'Résilier le contrat « %{number} » ?',
        content: 'Le contrat passe au statut Résilié et n’est plus compté parmi les contrats actifs du client. Ses commissions restent conservées.',
        end_date: 'Date de fin',
        end_date_required: 'Indiquez la date de fin.',
        confirm: 'Résilier',
        success: 'Contrat « %{number} » résilié au %{date}',
      },
      delete: {
        title: 'Supprimer le contrat « %{number} » ?',
        content: 'Le contrat sera supprimé définitivement. Ses commissions resteront conservées, sans lien vers le contrat.',
      },
      notifications: {
        created: 'Contrat « %{number} » créé',
        updated: 'Contrat « %{number} » modifié',
        deleted: 'Contrat « %{number} » supprimé',
      },
      empty: {
        title: 'Aucun contrat pour le moment',
        invite: 'Les contrats sont créés par les imports de relevés, ou saisis ici dès leur signature.',
      },
      no_client: 'Sans client',
      commissions: 'Commissions du contrat',
      no_commissions: 'Aucune commission pour ce contrat.',
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
        source: 'Origine',
        dateFrom: 'Du',
        dateTo: 'Au',
        insurer: 'Assureur',
        q: 'Rechercher',
      },
      source: {
        import: 'Import de relevé',
        manual: 'Saisie manuelle',
      },
      filters: {
        search: 'Libellé, client, n° de contrat',
      },
      actions: {
        create: 'Ajouter une commission',
        of_import: 'Commissions de cet import',
      },
      helper: {
        contractId: 'Le client et le conseiller de la ligne sont ceux du contrat.',
        amount: 'En euros, deux décimales au plus ; négatif pour une reprise.',
      },
      total: 'Total : %{amount} (%{smart_count} ligne) |||| Total : %{amount} (%{smart_count} lignes)',
      read_only: 'Ligne issue d’un import de relevé : elle n’est pas modifiable, le relevé est sa source. Ajoutez une ligne de correction si besoin.',
      delete: {
        title: 'Supprimer cette commission saisie à la main ?',
        content: 'La ligne sera supprimée définitivement ; la suppression est inscrite dans l’historique.',
      },
      notifications: {
        created: 'Commission de %{amount} ajoutée',
        updated: 'Commission modifiée',
        deleted: 'Commission supprimée',
      },
      deleted_client: 'client supprimé',
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
        recordId: 'Élément',
        recordLabel: 'Élément',
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
      deleted_record: 'supprimé',
      record_types: {
        client: 'Client',
        contract: 'Contrat',
        commission: 'Commission',
      },
    },
    imports: importMessagesFr,
  },
  app: {
    title: 'Conance',
    // The user menu's button shows the user's name: its accessible name must contain it (WCAG 2.5.3).
    user_menu: '%{name} (profil)',
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
    export: {
      too_many: 'Export limité aux %{max} premières lignes.',
    },
    validation: {
      email: 'Adresse email invalide (exemple : jean.dupont@exemple.fr).',
      phone: 'Numéro de téléphone invalide (exemple : 06 12 34 56 78).',
      password: 'Le mot de passe doit contenir au moins 10 caractères.',
    },
  },
};
