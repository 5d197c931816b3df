import type { IdentityKind } from '@rapport/contracts';

export type IdentityCheck = { value: string } | { problem: string };

/** One spelling per identity, so the same person is found however they typed it. */
export function normalizeIdentity(kind: IdentityKind, raw: string): IdentityCheck {
  const value = raw.trim();
  switch (kind) {
    case 'email': {
      const email = value.toLowerCase();
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { value: email } : { problem: 'is not an email address' };
    }
    case 'phone': {
      const digits = value.replace(/[\s().-]/g, '');
      return /^\+?\d{6,20}$/.test(digits)
        ? { value: digits }
        : { problem: 'is not a phone number (digits, optionally starting with +)' };
    }
    case 'social_handle': {
      const handle = value.toLowerCase();
      return handle.length > 0 && !/\s/.test(handle) ? { value: handle } : { problem: 'is not a handle' };
    }
    case 'chat_visitor':
    case 'site_user':
      return value.length > 0 ? { value } : { problem: 'is empty' };
  }
}
