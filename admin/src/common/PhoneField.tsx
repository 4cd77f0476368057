import { Typography } from '@mui/material';
import { useFieldValue, type FieldProps } from 'react-admin';
import { formatPhone } from './phone';

/** A phone number stored in E.164, shown the way people dial it; a tel: link for a click-to-call. */
export const PhoneField = (props: FieldProps & { emptyText?: string }) => {
  const value = useFieldValue(props) as string | null | undefined;
  if (!value)
    return props.emptyText ? (
      <Typography component="span" variant="body2">
        {props.emptyText}
      </Typography>
    ) : null;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      <a href={`tel:${value}`} onClick={(event) => event.stopPropagation()} style={{ color: 'inherit' }}>
        {formatPhone(value)}
      </a>
    </Typography>
  );
};
