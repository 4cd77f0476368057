import { Router } from 'express';
import { HttpError, parseOrThrow } from '../http/httpError';
import { listRoute, parseIdParam } from '../http/simpleRest';
import { USER_SORTABLE, userCreateSchema, userFilterSchema, userUpdateSchema, type UserService } from './userService';

/** Users management; the access policy reserves every route here to admins. */
export function userRouter(users: UserService) {
  const router = Router();
  router.get(
    '/',
    listRoute('users', { sortable: USER_SORTABLE, defaultSort: ['fullName', 'ASC'], filter: userFilterSchema }, (query) => users.list(query)),
  );
  router.get('/:id', async (req, res) => {
    res.json(await users.get(parseIdParam(req.params.id)));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await users.create(parseOrThrow(userCreateSchema, req.body)));
  });
  router.put('/:id', async (req, res) => {
    res.json(await users.update(parseIdParam(req.params.id), parseOrThrow(userUpdateSchema, req.body)));
  });
  // Accounts are deactivated, never deleted: the audit trail keeps pointing at them.
  router.delete('/:id', () => {
    throw new HttpError(405, { code: 'user.notDeletable' });
  });
  return router;
}
