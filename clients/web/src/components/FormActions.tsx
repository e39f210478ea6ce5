import { Button, Group } from '@mantine/core';
import { ErrorAlert } from './ErrorAlert';

/** The end of a form: its error (if the last submit failed), then submit and Cancel. */
export function FormActions({
  error,
  errorTitle,
  pending,
  submitLabel,
  onCancel,
  size,
}: {
  error: unknown;
  errorTitle: string;
  pending: boolean;
  submitLabel: string;
  onCancel: () => void;
  size?: 'xs';
}) {
  return (
    <>
      <ErrorAlert error={error} title={errorTitle} />
      <Group gap="xs">
        <Button type="submit" size={size} loading={pending}>
          {submitLabel}
        </Button>
        <Button size={size} variant="default" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </>
  );
}
