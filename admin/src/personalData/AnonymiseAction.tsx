import PersonOffIcon from '@mui/icons-material/PersonOff';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, useCanAccess, useNotify } from 'react-admin';
import { AnonymiseDialog } from './AnonymiseDialog';

/**
 * The "Anonymiser" button and its confirmation (admins only), for one client or a selection.
 * Pessimistic: `onDone` (the success message, the refresh) runs once the server answered 200;
 * a refusal shows the server's message and leaves everything as it was.
 */
export const AnonymiseAction = <T,>({
  count,
  label,
  title,
  run,
  onDone,
}: {
  count: number;
  /** The neutral label the client will get, shown when there is one client. */
  label?: string;
  title: string;
  run: () => Promise<T>;
  onDone: (result: T) => void;
}) => {
  const { canAccess } = useCanAccess({ resource: 'clients', action: 'anonymise' });
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: run,
    onSuccess: (result) => {
      setOpen(false);
      onDone(result);
    },
    onError: (error: Error) => notify(error.message || 'ra.notification.http_error', { type: 'error' }),
  });
  if (!canAccess) return null;
  return (
    <>
      <Button label="resources.clients.anonymise.action" onClick={() => setOpen(true)} color="error">
        <PersonOffIcon />
      </Button>
      <AnonymiseDialog open={open} count={count} label={label} pending={isPending} title={title} onConfirm={() => mutate()} onClose={() => setOpen(false)} />
    </>
  );
};
