/**
 * The French catalogue: every message a user can see, by code. French is the product's language
 * (and the user documentation's); en.ts must give each code its English version.
 */
export const fr = {
  // Statement files that cannot be read.
  'file.empty': 'Le fichier est vide.',
  'file.unknownFormat': 'Format de fichier non reconnu. Formats acceptés : Excel (.xlsx, .xlsm, .xls, .xlsb), OpenDocument (.ods) et CSV (.csv).',
  'file.otherFormat': 'Ce fichier est {format} : ce n’est pas un bordereau lisible. Exportez-le en .xlsx, .xls, .ods ou .csv puis réessayez.',
  'file.numbers': 'Ce fichier est un fichier Numbers (.numbers) : exportez-le en .xlsx depuis Numbers (Fichier > Exporter vers > Excel) puis réessayez.',
  'file.encrypted': 'Ce fichier est protégé par un mot de passe. Ouvrez-le dans votre tableur, retirez la protection et enregistrez-le à nouveau.',
  'file.unreadableCompound': 'Ce fichier Office (Excel 97-2003, ou classeur protégé par un mot de passe) est illisible : s’il est protégé, retirez le mot de passe dans votre tableur ; sinon, téléchargez-le à nouveau.',
  'file.corrupt': 'Le fichier {format} est endommagé ou incomplet. Téléchargez à nouveau le bordereau puis réessayez.',
  'file.corruptArchive': 'Le fichier est endommagé ou incomplet (archive illisible). Téléchargez à nouveau le bordereau puis réessayez.',
  'file.crc': 'Le fichier Excel est endommagé : une de ses parties ne correspond pas à sa somme de contrôle (CRC-32). Ses montants ne peuvent pas être lus de façon sûre. Téléchargez à nouveau le bordereau puis réessayez.',
  'file.zip64': 'Ce fichier est trop volumineux pour être importé (archive ZIP64).',
  'file.notWorkbook': 'Cette archive ne contient pas de classeur : ce n’est pas un fichier Excel (.xlsx) ni OpenDocument (.ods).',
  'file.missingPart': 'Le fichier Excel est incomplet : la partie « {part} » qu’il annonce est absente. Enregistrez-le à nouveau depuis votre tableur.',
  'file.invalidXml': 'Le fichier Excel est endommagé : sa partie « {part} » n’est pas un XML valide ({detail}). Enregistrez-le à nouveau depuis votre tableur puis réessayez.',
  'file.xmlTooDeep': 'Ce fichier est refusé par sécurité : sa partie « {part} » imbrique plus de {max} éléments XML.',
  'file.invalidEncoding': 'Le fichier est endommagé : sa partie « {part} » contient des octets qui ne sont pas de l’UTF-8 valide. Enregistrez-le à nouveau depuis votre tableur ou demandez un nouvel envoi.',
  'file.replacementCharacter': 'Le fichier est endommagé : la cellule {cell} de la feuille « {sheet} » contient un caractère illisible (« {text} »). Enregistrez-le à nouveau depuis votre tableur ou demandez un nouvel envoi à l’assureur.',
  'file.replacementInPart': 'Le fichier est endommagé : sa partie « {part} » contient un caractère illisible (�). Enregistrez-le à nouveau depuis votre tableur ou demandez un nouvel envoi à l’assureur.',
  'file.csvEncoding': 'Le fichier CSV contient des caractères illisibles (ligne {line}) : enregistrez-le en UTF-8 ou en Windows-1252 puis réessayez.',
  'file.csvMalformed': 'Le fichier CSV est mal formé ligne {line} ({detail}). Vérifiez les guillemets du fichier.',
  'file.tooBigToInflate': 'Ce fichier se décompresse en plus de {megabytes} Mo : il est refusé par sécurité. Découpez le bordereau en plusieurs fichiers.',
  'file.inflateRatio': 'Ce fichier est refusé par sécurité : sa partie « {part} » se décompresse en plus de {ratio} fois sa taille (bombe de décompression).',
  'file.partTooBig': 'Ce fichier est refusé par sécurité : sa partie « {part} » dépasse {megabytes} Mo une fois décompressée. Découpez le bordereau en plusieurs fichiers.',
  'file.textRun': 'Ce fichier est refusé : une de ses cellules contient un texte démesuré (plus d’un million de caractères). Vérifiez le bordereau.',
  'file.tooLargeForFormat': 'Les fichiers {format} sont lus en entier en mémoire : ils sont limités à {limit} Mo de données (environ {rows} lignes), et celui-ci en contient {size} Mo. Enregistrez-le au format .xlsx ou .csv, lus au fil de l’eau sans cette limite, ou découpez-le.',
  'file.tooManyRows': 'Le fichier dépasse la limite de {max} lignes par import. Découpez-le en plusieurs fichiers.',
  'file.noHeader': 'Aucune ligne d’en-tête reconnue dans ce fichier : les noms de colonnes attendus (N° client, Nom, N° de contrat, Date, Montant...) doivent figurer dans les 30 premières lignes d’une feuille.',
  'file.noVisibleSheet': 'Ce classeur n’a aucune feuille visible à importer.',
  'file.unknownSheet': 'La feuille « {sheet} » n’existe pas dans ce fichier (ou elle est masquée). Feuilles disponibles : {sheets}.',
  'file.sheetWithoutHeader': 'Aucune ligne d’en-tête reconnue dans la feuille « {sheet} » : les noms de colonnes attendus (N° client, Nom, N° de contrat, Date, Montant...) doivent figurer dans ses 30 premières lignes.',
  'file.uncomputedFormulas': 'Les formules de ce fichier n’ont pas de valeur calculée (colonne « {column} ») : il a été produit par un programme qui ne calcule pas les formules. Ouvrez-le une fois dans un tableur (Excel, LibreOffice) et enregistrez-le, puis importez-le à nouveau.',
  'file.readFailed': 'Le fichier n’a pas pu être lu ({detail}). Enregistrez-le à nouveau depuis votre tableur puis réessayez.',
  'file.missingStoredFile': 'Le fichier de cet import est introuvable.',
  'file.incompleteStoredFile': 'Le fichier enregistré pour cet import est incomplet ou altéré dans la base de données (morceaux manquants ou de taille inattendue). Envoyez à nouveau le bordereau.',
  'file.invalidMapping': 'Correspondance de colonnes invalide : {detail}',

  // Rows of a statement that cannot be imported (the import's rejected rows).
  'row.clientNumberMissing': 'Numéro client manquant : il identifie le client à créer ou mettre à jour.',
  'row.contractNumberMissing': 'Numéro de contrat manquant.',
  'row.amountMissing': 'Montant manquant.',
  'row.amountInvalid': 'Montant invalide : « {value} » n’est pas un nombre (exemple : 1 234,56).',
  'row.amountNotNumber': 'Montant invalide : « {value} » n’est pas un nombre.',
  'row.amountTooPrecise': 'Montant « {value} » : plus de deux décimales. Un montant se donne au centime (exemple : 1 234,56) ; il n’est jamais arrondi.',
  'row.amountOutOfRange': 'Montant hors limites : « {value} ».',
  'row.dateMissing': 'Date de la commission manquante.',
  'row.dateInvalid': 'Date invalide : « {value} » (attendu : jj/mm/aaaa).',
  'row.commissionDateImplausible': 'Date de la commission invraisemblable : {date} (attendue entre 1990 et {maxYear}). Vérifiez la colonne et le fichier.',
  'row.startDateImplausible': 'Date d’effet du contrat invraisemblable : {date} (antérieure à 1900).',
  'row.startDateInvalid': 'Date d’effet du contrat : Date invalide : « {value} » (attendu : jj/mm/aaaa).',
  'row.endDateInvalid': 'Date de fin du contrat : Date invalide : « {value} » (attendu : jj/mm/aaaa).',
  'row.endBeforeStart': 'La date de fin du contrat précède sa date d’effet.',
  'row.statusUnknown': 'Statut de contrat inconnu : « {value} » (attendu : En cours, Actif, Résilié, Terminé, Sans effet, Racheté…).',
  'row.emailInvalid': 'Adresse e-mail invalide : « {value} ».',
  'row.phoneInvalid': 'Numéro de téléphone invalide : « {value} ».',
  'row.tooLong': 'Valeur trop longue (plus de {max} caractères).',
  'row.uncomputedFormula': 'Formule sans valeur calculée : ouvrez le fichier dans un tableur et enregistrez-le une fois, puis importez-le à nouveau.',
  'row.clientErased': 'Le client n° {clientNumber} a été anonymisé (droit à l’effacement) : cette ligne n’est pas importée et ses données personnelles ne sont pas conservées.',
  'row.clientNameMissing': 'Nom du client manquant : le client n° {clientNumber} n’existe pas encore et ne peut être créé sans nom.',

  // Imports that end without their file being at fault (the technical cause goes to the log).
  'import.failedAfterAttempts': 'L’import a échoué après {attempts} tentatives : {cause}. Ses commissions ont été retirées ; envoyez à nouveau le fichier. Pour le support : le détail technique est dans le journal du serveur (import n° {importId}).',
  'import.retrying': 'La tentative {attempt} sur {attempts} a échoué : {cause}. Une nouvelle tentative est prévue ; le détail technique est dans le journal du serveur (import n° {importId}).',
  'import.abandoned': 'L’import a été abandonné : son traitement a été interrompu trop de fois (worker arrêté ou bloqué). Ses commissions ont été retirées ; envoyez à nouveau le fichier. Pour le support : le détail technique est dans le journal du serveur (import n° {importId}).',
  'import.cause.database': 'la base de données était momentanément indisponible',
  'import.cause.conflict': 'des modifications simultanées des mêmes clients l’ont bloquée',
  'import.cause.technical': 'une erreur technique est survenue',

  // A contract number another contract holds.
  'contract.numberTaken': 'Le numéro de contrat « {number} » est déjà utilisé par {holder}.',
  'contract.numberTakenField': 'Numéro déjà utilisé par {holder}.',
  'contract.numberTakenUnknown': 'Le numéro de contrat « {number} » est déjà utilisé.',
  'contract.numberTakenUnknownField': 'Numéro déjà utilisé.',
  'contract.holder': 'le contrat « {contract} » (n° {id})',
  'contract.holderOfClient': 'le contrat « {contract} » (n° {id}, client {client})',

  // A statement sent again.
  'import.sameFile': 'Ce fichier a déjà été importé (import n° {id} du {date}, « {fileName} »). Pour l’importer quand même, confirmez l’import forcé.',
  'import.sameFileField': 'Déjà importé : import n° {id}',

  // The rejected-rows workbook.
  'report.sheet': 'Lignes rejetées',
  'report.error': 'Erreur',
  'report.row': 'Ligne d’origine',
  'report.fileName': '{name} - lignes rejetées.xlsx',

  // Format names used in the messages above.
  'format.xlsx': 'Excel (.xlsx)',
  'format.xls': 'Excel 97-2003 (.xls)',
  'format.xlsb': 'Excel binaire (.xlsb)',
  'format.ods': 'OpenDocument (.ods)',
  'format.csv': 'CSV',
  'format.html': 'page HTML enregistrée en .xls',
  'format.xml2003': 'XML Excel 2003',
  'format.pdf': 'un document PDF',
  'format.word': 'un document Word',
  'format.powerpoint': 'une présentation PowerPoint',
  'format.odt': 'un document texte OpenDocument',
  'format.zip': 'une archive ZIP',
  'format.image': 'une image',
  'format.rtf': 'un document RTF',

  // Dates the preview flags.
  'dates.implausibleColumn': 'Toutes les dates de la colonne « {column} » sont invraisemblables (par exemple {example}) : {cause}',
  'dates.cause.iso': 'cause probable : des dates ISO lues comme des nombres. Enregistrez le fichier à nouveau depuis votre tableur.',
  'dates.cause.1904': 'cause probable : un classeur au calendrier 1904 (Mac) lu avec le calendrier 1900. Enregistrez le fichier à nouveau depuis votre tableur.',
  'dates.cause.unknown': 'vérifiez la colonne choisie pour cette date.',
} as const;

export type MessageCode = keyof typeof fr;
