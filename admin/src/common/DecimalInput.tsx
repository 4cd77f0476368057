import { TextField, type TextFieldProps } from '@mui/material';
import { useEffect, useRef, useState, type ChangeEvent, type FocusEvent } from 'react';
import { FieldTitle, InputHelperText, useInput, useLocaleState, type InputProps, type Validator } from 'react-admin';
import { MONEY, formatDecimal, parseDecimal, type DecimalRules } from '../../../shared/decimalText';

/**
 * A number typed as a person writes it, in a text input: "1234,56", "1 234,56" (also the
 * no-break spaces French formatting writes) and "1234.56" are all 1234.56 (shared/decimalText.ts).
 * The browser's number input is not used: Chromium drops a French comma from it (1234,56 became
 * 123456). The form value is the exact decimal text ("1234.56"), sent as is to the API; a text
 * that cannot be read stays in the form as typed and is a field error, never another number.
 */
export const DecimalInput = ({ rules = MONEY, validate, label, helperText, sx, ...props }: Omit<InputProps, 'format' | 'parse'> & { rules?: DecimalRules; sx?: TextFieldProps['sx'] }) => {
  const [locale] = useLocaleState();
  const language = locale === 'en' ? 'en' : 'fr';
  const {
    field,
    fieldState: { error, invalid },
    id,
    isRequired,
  } = useInput({
    ...props,
    validate: [...(Array.isArray(validate) ? validate : validate ? [validate] : []), readableDecimal(rules)],
    format: (value) => value,
    parse: (value) => value,
  });
  const shown = (value: unknown) => (value === null || value === undefined ? '' : formatDecimal(value as string | number, language));
  const [text, setText] = useState(() => shown(field.value));
  const focused = useRef(false);

  // A value set from outside (record loaded, form reset, draft restored) replaces the text, but
  // never while the user is typing it.
  useEffect(() => {
    if (!focused.current) setText(shown(field.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [field.value, language]);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    setText(event.target.value);
    const reading = parseDecimal(event.target.value, rules);
    field.onChange(reading.ok ? reading.value : event.target.value);
  };
  const onBlur = (event: FocusEvent<HTMLInputElement>) => {
    focused.current = false;
    field.onBlur();
    // Once read, the value is shown as it was understood ("1234,5" → "1 234,5").
    if (parseDecimal(event.target.value, rules).ok) setText(shown(field.value));
  };

  return (
    <TextField
      id={id}
      name={field.name}
      inputRef={field.ref}
      value={text}
      onChange={onChange}
      onFocus={() => (focused.current = true)}
      onBlur={onBlur}
      className={`ra-input ra-input-${props.source}`}
      size="small"
      sx={sx}
      error={invalid}
      disabled={field.disabled}
      label={label !== '' && label !== false ? <FieldTitle label={label} source={props.source} resource={props.resource} isRequired={isRequired} /> : null}
      helperText={helperText !== false || invalid ? <InputHelperText error={error?.message} helperText={helperText} /> : null}
      slotProps={{ htmlInput: { inputMode: rules.fractionDigits > 0 ? 'decimal' : 'numeric', autoComplete: 'off', spellCheck: false } }}
    />
  );
};

/** The input's own check: the text is read under the field's rules, or says why it is not. */
const readableDecimal =
  (rules: DecimalRules): Validator =>
  (value) => {
    if (value === null || value === undefined || typeof value === 'number') return undefined;
    const reading = parseDecimal(String(value), rules);
    if (reading.ok) return undefined;
    return `app.validation.${rules.fractionDigits === 0 ? 'whole' : 'amount'}.${reading.problem}`;
  };
