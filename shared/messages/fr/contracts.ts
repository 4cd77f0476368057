/** Contracts, commission lines and advisors. */
export const contracts = {
  'contract.notFound': 'Le contrat n° {id} n’existe pas.',
  'contract.notFoundField': 'Contrat introuvable.',
  'contract.statusExpected': 'Statut attendu : active (en cours) ou terminated (résilié).',
  'contract.statusFilterExpected': 'Statut attendu : active, terminated ou all.',
  'contract.alreadyTerminated': 'Le contrat « {number} » est déjà résilié.',
  'contract.alreadyTerminatedSince': 'Le contrat « {number} » est déjà résilié depuis le {endDate:date}.',
  'contract.alreadyTerminatedField': 'Contrat déjà résilié.',
  'contract.numberTaken': 'Le numéro de contrat « {number} » est déjà utilisé.',
  'contract.numberTakenBy': 'Le numéro de contrat « {number} » est déjà utilisé par {holder}.',
  'contract.holder': 'le contrat « {number} » (n° {id})',
  'contract.holderOfClient': 'le contrat « {number} » (n° {id}, client {client})',
  'contract.endBeforeStart': 'La date de fin ({endDate:date}) est antérieure à la date d’effet ({startDate:date}).',
  'contract.endBeforeStartField': 'La date de fin ne peut précéder la date d’effet.',

  'commission.notFound': 'La commission n° {id} n’existe pas.',
  'commission.importedNotChanged':
    'Cette commission vient d’un import de relevé et ne peut être modifiée : seules les lignes saisies à la main se corrigent. Ajoutez une ligne de correction si besoin.',
  'commission.importedNotDeleted':
    'Cette commission vient d’un import de relevé et ne peut être supprimée : seules les lignes saisies à la main se corrigent. Ajoutez une ligne de correction si besoin.',

  'advisor.notFound': 'Le conseiller n° {id} n’existe pas.',
  'advisor.notFoundField': 'Conseiller introuvable.',
  'advisor.chosenMissing': 'Le conseiller choisi n’existe pas.',
  'advisor.nameTaken': 'Un conseiller porte déjà ce nom et ce prénom.',
  'advisor.nameTakenField': 'Conseiller déjà enregistré.',
} as const;
