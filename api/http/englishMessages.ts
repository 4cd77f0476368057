/**
 * English versions of the API's French messages, for clients that ask for English
 * (Accept-Language). Exact sentences first, then sentences with values in them (a number, a
 * name, a field), matched whole. A message missing here is answered in French: add it here
 * when adding a message a user may see. Statement import errors stored in the database by the
 * worker (rejected rows) stay French.
 */
const EXACT: Record<string, string> = {
  'Certaines informations sont invalides.': 'Some information is invalid.',
  'Ressource introuvable.': 'Resource not found.',
  'Requête invalide.': 'Invalid request.',
  'La requête est trop volumineuse.': 'The request is too large.',
  'Le corps de la requête n’est pas un JSON valide.': 'The request body is not valid JSON.',
  'Une valeur envoyée est invalide ou hors limites.': 'A value sent is invalid or out of range.',
  'La base de données est momentanément indisponible. Réessayez dans quelques instants.': 'The database is temporarily unavailable. Try again in a moment.',
  'Veuillez vous connecter.': 'Please sign in.',
  'Email ou mot de passe incorrect.': 'Incorrect email or password.',
  'Votre rôle ne permet pas cette action.': 'Your role does not allow this action.',
  'Requête refusée : origine non autorisée.': 'Request refused: origin not allowed.',
  'Trop de tentatives de connexion. Réessayez dans quelques minutes.': 'Too many sign-in attempts. Try again in a few minutes.',
  'Identifiant invalide.': 'Invalid id.',
  'Identifiant invalide': 'Invalid id',
  'Version invalide.': 'Invalid version.',
  'Le tri doit être de la forme ["champ","ASC"|"DESC"].': 'The sort must look like ["field","ASC"|"DESC"].',
  'Tri invalide': 'Invalid sort',
  'Champ de tri inconnu': 'Unknown sort field',
  'La plage doit être de la forme [début,fin] avec début ≤ fin.': 'The range must look like [start,end] with start ≤ end.',
  'Plage invalide': 'Invalid range',
  'Plage trop grande': 'Range too large',
  'JSON attendu': 'JSON expected',
  'JSON invalide': 'Invalid JSON',
  'Caractère nul interdit': 'Null character not allowed',
  'Liste d’identifiants attendue': 'List of ids expected',
  'Le nom est obligatoire.': 'The last name is required.',
  'Le nom ne peut dépasser 200 caractères.': 'The last name cannot exceed 200 characters.',
  'Adresse email invalide (exemple : jean.dupont@exemple.fr).': 'Invalid email address (example: jean.dupont@example.com).',
  'Numéro de téléphone invalide (exemple : 06 12 34 56 78).': 'Invalid phone number (example: 06 12 34 56 78).',
  'Le conseiller choisi n’existe pas.': 'The chosen advisor does not exist.',
  'Conseiller introuvable.': 'Advisor not found.',
  'Choisissez le conseiller référent à appliquer.': 'Choose the referent advisor to apply.',
  'Précisez les clients à anonymiser : filter={"id":[...]}.': 'Say which clients to anonymise: filter={"id":[...]}.',
  'Paramètres d’export invalides.': 'Invalid export parameters.',
  'Format attendu : xlsx ou json.': 'Expected format: xlsx or json.',
  'Choisissez un conseiller.': 'Choose an advisor.',
  'Le texte envoyé contient un caractère nul (\\u0000), qui n’est pas accepté.': 'The text sent contains a null character (\\u0000), which is not accepted.',
  'Résultat d’import attendu : created, updated ou unchanged.': 'Import outcome expected: created, updated or unchanged.',
  // Access log, personal-data settings.
  'Paramètres des données personnelles invalides.': 'Invalid personal-data settings.',
  'La durée de conservation doit être un nombre entier d’années.': 'The retention period must be a whole number of years.',
  'La durée de conservation doit être comprise entre 1 et 50 ans.': 'The retention period must be between 1 and 50 years.',
  'La durée de conservation du journal des accès doit être un nombre entier de mois.': 'The access log retention period must be a whole number of months.',
  'La durée de conservation du journal des accès doit être comprise entre 1 et 120 mois.': 'The access log retention period must be between 1 and 120 months.',
  'Identifiant attendu : personal-data.': 'Id expected: personal-data.',
  'Type d’accès attendu : view ou export.': 'Access kind expected: view or export.',
  'La date de début doit être une date réelle au format AAAA-MM-JJ.': 'The start date must be a real date in the YYYY-MM-DD format.',
  'La date de fin doit être une date réelle au format AAAA-MM-JJ.': 'The end date must be a real date in the YYYY-MM-DD format.',
  // Hostile input, concurrency and operations.
  'Le JSON envoyé est trop imbriqué : au plus 32 niveaux sont acceptés.': 'The JSON sent is nested too deep: at most 32 levels are accepted.',
  'JSON trop imbriqué': 'JSON nested too deep',
  'Un utilisateur existe déjà avec cet email.': 'A user with this email already exists.',
  'Email déjà utilisé.': 'Email already used.',
  'Une autre modification des mêmes données était en cours : rien n’a été enregistré. Réessayez dans un instant.': 'Another change to the same data was in progress: nothing was saved. Try again in a moment.',
  'Envoi invalide : le nom du fichier ou d’un champ contient un caractère interdit (caractère nul ou de contrôle). Renommez le fichier et envoyez-le à nouveau.':
    'Invalid upload: the file name or a field name holds a forbidden character (a null or control character). Rename the file and send it again.',
  'Envoi incomplet : le formulaire s’est terminé avant la fin du fichier. Envoyez-le à nouveau.': 'Incomplete upload: the form ended before the end of the file. Send it again.',
  'Envoi invalide : le formulaire doit être en multipart/form-data.': 'Invalid upload: the form must be sent as multipart/form-data.',
  'Le nom du fichier est vide une fois retirés ses caractères invisibles : renommez le fichier.': 'The file name is empty once its invisible characters are removed: rename the file.',
  'Nom de fichier invalide': 'Invalid file name',
  'Envoi incomplet': 'Incomplete upload',
  'Envoi invalide': 'Invalid upload',
  'Il doit rester au moins un administrateur actif.': 'At least one active administrator must remain.',
  'Dernier administrateur actif.': 'Last active administrator.',
  'Trop de connexions en cours : réessayez dans quelques secondes.': 'Too many sign-ins in progress: try again in a few seconds.',
  'Connexion refusée : ce serveur n’envoie son cookie de session que sur une connexion chiffrée (COOKIE_SECURE=true), et cette page est ouverte en HTTP. Ouvrez l’adresse en https://, ou demandez à l’administrateur de régler COOKIE_SECURE.':
    'Sign-in refused: this server sends its session cookie over an encrypted connection only (COOKIE_SECURE=true), and this page was opened over HTTP. Open the address with https://, or ask the administrator to set COOKIE_SECURE.',
  'Un des clients a été fusionné ou supprimé entre-temps : rechargez la page.': 'One of the clients was merged or deleted meanwhile: reload the page.',
  'Les versions envoyées doivent être celles des clients fusionnés.': 'The versions sent must be those of the clients merged.',
};

const FIELD_LABELS: Record<string, string> = {
  'Le prénom': 'The first name',
  'Le numéro client': 'The client number',
  'L’email': 'The email',
  'Le téléphone': 'The phone',
  'L’adresse': 'The address',
  'Le nom': 'The last name',
  'Le montant': 'The amount',
};
const label = (french: string) => FIELD_LABELS[french] ?? french;

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const PATTERNS: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^Le client n° (\d+) n’existe pas\.$/, (id) => `Client no. ${id} does not exist.`],
  [/^Clients introuvables : n° ([\d, ]+)\.$/, (ids) => `Clients not found: no. ${ids}.`],
  [/^Le conseiller n° (\d+) n’existe pas\.$/, (id) => `Advisor no. ${id} does not exist.`],
  [/^Le numéro client « (.*) » est déjà utilisé par (.*)\.$/s, (number, holder) => `Client number “${number}” is already used by ${holder}.`],
  [/^Le numéro client « (.*) » est déjà utilisé\.$/s, (number) => `Client number “${number}” is already used.`],
  [/^Numéro déjà utilisé par (.*)\.$/s, (holder) => `Number already used by ${holder}.`],
  [/^Numéro déjà utilisé\.$/, () => 'Number already used.'],
  [
    /^Ce client a été modifié par (.*) le (\d{1,2}) (\S+) (\d{4}) à (\d{2}:\d{2}), après l’ouverture de votre formulaire\. Rechargez-le pour voir ces changements : vos modifications n’ont pas été enregistrées\.$/s,
    (who, day, month, year, time) =>
      `This client was changed by ${englishWho(who)} on ${day} ${ENGLISH_MONTHS[MONTHS.indexOf(month)] ?? month} ${year} at ${time} (Paris time), after you opened your form. Reload it to see those changes: your changes were not saved.`,
  ],
  [/^(.*) ne peut dépasser (\d+) caractères\.$/, (field, max) => `${label(field)} cannot exceed ${max} characters.`],
  [/^(.*) doit être un texte\.$/, (field) => `${label(field)} must be text.`],
  // Amounts (api/validation/fields.ts).
  [/^(.*) n’est pas un nombre lisible \(exemple : 1 234,56\)\.$/, (field) => `${label(field)} is not a readable number (example: 1234.56).`],
  [
    /^(.*) est ambigu : une seule virgule \(ou un seul point\) pour les décimales, des espaces pour les milliers \(exemple : 1 234,56\)\.$/,
    (field) => `${label(field)} is ambiguous: one comma (or one point) for the decimals, spaces for thousands (example: 1 234.56).`,
  ],
  [
    /^(.*) a plus de deux décimales : un montant se donne au centime, il n’est jamais arrondi \(exemple : 125,40\)\.$/,
    (field) => `${label(field)} has more than two decimals: an amount is given to the cent, it is never rounded (example: 125.40).`,
  ],
  [/^(.*) doit être un nombre entier\.$/, (field) => `${label(field)} must be a whole number.`],
  [/^(.*) doit être un montant d’au plus 12 chiffres et 2 décimales\.$/, (field) => `${label(field)} must be an amount of at most 12 digits and 2 decimals.`],
  [/^(.*) doit être un nombre\.$/, (field) => `${label(field)} must be a number.`],
  [/^(.*) ne peut être nul\.$/, (field) => `${label(field)} cannot be zero.`],
  [/^(.*) est obligatoire\.$/, (field) => `${label(field)} is required.`],
  [/^(.*) contient un caractère nul, qui n’est pas accepté\.$/, (field) => `${label(field)} contains a null character, which is not accepted.`],
  [/^Le paramètre « (.*) » est invalide\.$/, (name) => `The “${name}” parameter is invalid.`],
  [/^Le paramètre « (.*) » n’est pas un JSON valide\.$/, (name) => `The “${name}” parameter is not valid JSON.`],
  [/^Le paramètre « (.*) » contient un caractère nul\.$/, (name) => `The “${name}” parameter contains a null character.`],
  [/^Tri impossible sur « (.*) »\. Champs possibles : (.*)\.$/, (field, fields) => `Cannot sort on “${field}”. Possible fields: ${fields}.`],
  [/^Au plus (\d+) lignes par page\.$/, (max) => `At most ${max} rows per page.`],
  [/^Au plus (\d+) identifiants\.$/, (max) => `At most ${max} ids.`],
  [/^Filtre invalide(?: \((.*)\))? : (.*)$/s, (path, reason) => `Invalid filter${path ? ` (${path})` : ''}: ${englishMessage(reason)}`],
  [/^Précisez les clients à (supprimer|modifier) : filter=\{"id":\[\.\.\.\]\}\.$/, (verb) => `Say which clients to ${verb === 'supprimer' ? 'delete' : 'change'}: filter={"id":[...]}.`],
  [/^Aucun client (supprimé|modifié) : les clients n° (.*) n’existent pas\.$/, (verb, ids) => `No client ${verb === 'supprimé' ? 'deleted' : 'changed'}: clients no. ${ids} do not exist.`],
  [/^Aucun client (supprimé|modifié) : le client n° (.*) n’existe pas\.$/, (verb, id) => `No client ${verb === 'supprimé' ? 'deleted' : 'changed'}: client no. ${id} does not exist.`],
  [/^Aucun client modifié : le conseiller n° (\d+) n’existe pas\.$/, (id) => `No client changed: advisor no. ${id} does not exist.`],
  [/^Une erreur inattendue est survenue\. Référence : (.*)$/, (ref) => `An unexpected error occurred. Reference: ${ref}`],
  [/^Champ inconnu : « (.*) »\.$/s, (field) => `Unknown field: “${field}”.`],
  [/^Clients hors de la fusion : n° (.*)\.$/, (ids) => `Clients outside the merge: no. ${ids}.`],
  [
    /^Le client n° (\d+) a été anonymisé : aucun client ne peut plus être fusionné dans sa fiche, ce qui y ramènerait des données personnelles effacées\. Conservez un autre client du groupe\.$/,
    (id) => `Client no. ${id} was anonymised: no client can be merged into it any more, which would bring erased personal data back. Keep another client of the group.`,
  ],
  [
    /^Le client n° (\d+) a été fusionné dans le client n° (\d+) : rien n’a été modifié\. Ouvrez la fiche du client n° \d+\.$/,
    (id, kept) => `Client no. ${id} was merged into client no. ${kept}: nothing was changed. Open client no. ${kept}.`,
  ],
];

function englishWho(who: string): string {
  if (who === 'un autre utilisateur') return 'another user';
  const importNumber = /^l’import n° (\d+)$/.exec(who);
  return importNumber ? `import no. ${importNumber[1]}` : who;
}

/** The English version of a French message, or the message itself when the catalogue lacks it. */
export function englishMessage(french: string): string {
  if (typeof french !== 'string') return french;
  const exact = EXACT[french];
  if (exact) return exact;
  for (const [pattern, translate] of PATTERNS) {
    const match = pattern.exec(french);
    if (match) return translate(...match.slice(1));
  }
  return french;
}
