import { isTransactionConflict } from '../database/transactions';
import { isDatabaseUnavailable } from '../http/httpError';

/**
 * What an import's record says when an attempt fails: support staff read it, so it is a French
 * sentence saying what happened and what comes next; the technical detail (SQL, driver
 * messages) goes to the log, with the import's number.
 */

/** What went wrong, in words support staff can act on; never the technical message itself. */
function failureCause(error: unknown): string {
  if (isDatabaseUnavailable(error)) return 'la base de données était momentanément indisponible';
  if (isTransactionConflict(error)) return 'des modifications simultanées des mêmes clients l’ont bloquée';
  return 'une erreur technique est survenue';
}
const logHint = (importId: number) => `le détail technique est dans le journal du serveur (import n° ${importId})`;

export const retryMessage = (importId: number, attempt: number, attempts: number, error: unknown) =>
  `La tentative ${attempt} sur ${attempts} a échoué : ${failureCause(error)}. Une nouvelle tentative est prévue ; ${logHint(importId)}.`;

export const finalFailureMessage = (importId: number, attempts: number, error: unknown) =>
  `L’import a échoué après ${attempts} tentatives : ${failureCause(error)}. Ses commissions ont été retirées ; envoyez à nouveau le fichier. Pour le support : ${logHint(importId)}.`;

export const abandonedMessage = (importId: number) =>
  `L’import a été abandonné : son traitement a été interrompu trop de fois (worker arrêté ou bloqué). Ses commissions ont été retirées ; envoyez à nouveau le fichier. Pour le support : ${logHint(importId)}.`;
