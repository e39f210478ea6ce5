import type { ReactNode } from 'react';
import { notifications } from '@mantine/notifications';

/** A passing confirmation ("Interests saved."). role="status", not Mantine's default "alert":
 * role="alert" is kept for errors (ErrorAlert), which the end-to-end tests look for. */
export function notifySuccess(message: ReactNode): void {
  notifications.show({
    message,
    color: 'green',
    role: 'status',
    autoClose: 4000,
    closeButtonProps: { 'aria-label': 'Close' },
  });
}
