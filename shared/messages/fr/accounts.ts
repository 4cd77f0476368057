/** Signing in, roles, user accounts, and the personal-data settings and access log of admins. */
export const accounts = {
  'auth.signInRequired': 'Veuillez vous connecter.',
  'auth.roleForbids': 'Votre rôle ne permet pas cette action.',
  'auth.originRefused': 'Requête refusée : origine non autorisée.',
  'auth.tooManyAttempts': 'Trop de tentatives de connexion. Réessayez dans quelques minutes.',
  'auth.tooManySignIns': 'Trop de connexions en cours : réessayez dans quelques secondes.',
  'auth.insecureSignIn':
    'Connexion refusée : ce serveur n’envoie son cookie de session que sur une connexion chiffrée (COOKIE_SECURE=true), et cette page est ouverte en HTTP. Ouvrez l’adresse en https://, ou demandez à l’administrateur de régler COOKIE_SECURE.',
  'auth.badCredentials': 'Email ou mot de passe incorrect.',
  'auth.signedOut': 'Déconnecté.',

  'user.notFound': 'L’utilisateur n° {id} n’existe pas.',
  'user.passwordTooShort': 'Le mot de passe doit contenir au moins {min} caractères.',
  'user.roleExpected': 'Rôle attendu : admin ou support.',
  'user.lastAdmin': 'Il doit rester au moins un administrateur actif.',
  'user.lastAdminField': 'Dernier administrateur actif.',
  'user.emailTaken': 'Un utilisateur existe déjà avec cet email.',
  'user.emailTakenField': 'Email déjà utilisé.',
  'user.notDeletable': 'Un utilisateur ne se supprime pas : désactivez-le.',

  'settings.invalid': 'Paramètres des données personnelles invalides.',
  'settings.idExpected': 'Identifiant attendu : personal-data.',
  'settings.objectExpected': 'Envoyez un objet JSON { retentionYears, accessLogMonths }.',
  'accessLog.kindExpected': 'Type d’accès attendu : view ou export.',
} as const;
