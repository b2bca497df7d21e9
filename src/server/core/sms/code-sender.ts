import { maskPhone } from '../../../shared/identifiers.ts';

/** Sends a short text (a verification code) to a phone. A real gateway implements this interface. */
export interface CodeSender {
  send(phone: string, text: string): Promise<void>;
}

/** The senders Gridline knows; SMS_SENDER picks one. */
export const SMS_SENDERS = ['console'] as const;
export type SmsSenderKind = (typeof SMS_SENDERS)[number];

export function isSmsSenderKind(value: string): value is SmsSenderKind {
  return (SMS_SENDERS as readonly string[]).includes(value);
}

/**
 * The embedded default: no gateway, the message goes to the server console so an operator (or a
 * developer) can read the code to the resident. The phone is masked in the line.
 */
export function consoleCodeSender(write: (line: string) => void = (line) => console.info(line)): CodeSender {
  return {
    send(phone, text) {
      write(`[sms] no SMS gateway configured; code for ${maskPhone(phone)}: ${text}`);
      return Promise.resolve();
    },
  };
}

export function codeSenderFor(kind: SmsSenderKind): CodeSender {
  switch (kind) {
    case 'console':
      return consoleCodeSender();
  }
}
