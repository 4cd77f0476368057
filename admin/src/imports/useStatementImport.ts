import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { HttpError, useDataProvider, useNotify, useRedirect } from 'react-admin';
import type { AppDataProvider } from '../dataProvider';
import type { StatementChoices, StatementPreview } from './importTypes';

/** A file, the preview shown of it and the choices that preview was asked with. */
interface Previewed {
  file: File;
  preview: StatementPreview;
  choices: StatementChoices;
}

/**
 * The upload page's state: every change asks the API for a fresh preview, so what is shown is
 * what will be imported. Only the latest preview counts (react-query runs the callbacks given to
 * `mutate` for its latest call only); a refused one puts the previous choices back.
 */
export function useStatementImport() {
  const dataProvider = useDataProvider<AppDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<StatementPreview>();
  const [choices, setChoices] = useState<StatementChoices>({});
  // "Lancer l'import" clicked while a new preview was on its way (the insurer typed, then the
  // button clicked: the field's blur asks for it): the import starts once that preview is shown.
  const [startWhenShown, setStartWhenShown] = useState(false);
  // Whether a preview is on its way and a start waits for it: read at once by a click that comes
  // before the next render.
  const pending = useRef(false);
  const startQueued = useRef(false);

  const previewing = useMutation({ mutationFn: (asked: { file: File; choices: StatementChoices }) => dataProvider.previewStatement(asked.file, asked.choices) });
  const starting = useMutation({
    mutationFn: (shown: Previewed) => dataProvider.startImport(shown.file, explicitChoices(shown), Boolean(shown.preview.duplicateOf)),
    onSuccess: (created) => {
      notify('resources.imports.upload.started', { type: 'info' });
      redirect('show', 'imports', created.id);
    },
  });

  /** The latest preview has come back: whether a click asked to start once it is shown. */
  const settle = () => {
    const queued = startQueued.current;
    pending.current = false;
    startQueued.current = false;
    setStartWhenShown(false);
    return queued;
  };

  const load = (chosen: File, next: StatementChoices) => {
    const before = choices;
    pending.current = true;
    setChoices(next);
    if (starting.isError) starting.reset();
    previewing.mutate(
      { file: chosen, choices: next },
      {
        onSuccess: (answer) => {
          setPreview(answer);
          // Unless that preview has mapping errors to fix first.
          if (settle() && Object.keys(answer.mappingErrors).length === 0) starting.mutate({ file: chosen, preview: answer, choices: next });
        },
        onError: () => {
          settle();
          setChoices(before);
          if (!preview || chosen !== file) setPreview(undefined);
        },
      },
    );
  };

  const chooseFile = (chosen?: File) => {
    if (!chosen) return;
    setFile(chosen);
    setPreview(undefined);
    load(chosen, {});
  };

  const assign = (column: string, field: string) => {
    if (file && preview) load(file, { ...choices, mappingId: undefined, mapping: reassigned(preview.mapping, column, field) });
  };

  // A click during a preview: the button stays enabled (a button disabled under the pointer
  // swallows the click) and says it waits.
  const requestStart = () => {
    if (pending.current) {
      startQueued.current = true;
      setStartWhenShown(true);
    } else if (file && preview) {
      previewing.reset();
      starting.mutate({ file, preview, choices });
    }
  };

  const failure = previewing.error ?? starting.error;
  return {
    file,
    preview,
    choices,
    load,
    chooseFile,
    assign,
    requestStart,
    startWhenShown,
    previewing: previewing.isPending,
    starting: starting.isPending,
    error: failure ? refusalText(failure) : undefined,
  };
}

export type StatementImport = ReturnType<typeof useStatementImport>;

/** One column feeds one field: picking a field for a column frees it elsewhere. */
function reassigned(mapping: Record<string, string>, column: string, field: string): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [f, c] of Object.entries(mapping)) if (c !== column && f !== field) next[f] = c;
  if (field) next[field] = column;
  return next;
}

/** What the preview showed, said explicitly, so that the import is the one previewed. */
function explicitChoices({ preview, choices }: Previewed): StatementChoices {
  return {
    ...(preview.appliedMapping && !choices.mapping ? { mappingId: preview.appliedMapping.id } : { mapping: preview.mapping }),
    insurer: preview.insurer ?? '',
    period: preview.period ?? undefined,
    sheet: preview.sheet,
  };
}

/** The API's message, then what its `errors` add to it. */
function refusalText(error: unknown): string {
  if (!(error instanceof HttpError)) return String(error);
  const body = (error.body ?? {}) as { message?: string; errors?: Record<string, string> };
  const message = body.message ?? `Erreur ${error.status}`;
  return [message, ...Object.values(body.errors ?? {}).filter((m) => m !== message)].join(' ');
}
