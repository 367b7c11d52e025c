import type { VendorId } from './ids.js';

/** One row of a vendor's error catalogue: how the vendor answers, and what a sender should do about it. */
export interface CatalogueEntry {
  /** The vendor's own text for the code (APNs: the reason itself; Huawei: the msg). */
  readonly reason?: string;
  /** HTTP status the gateway answers with (200 for the OEM gateways' business errors). */
  readonly httpStatus: number;
  /** Worth sending again later (after back-off or re-auth). */
  readonly retryable: boolean;
  /** The device token is dead: the app was uninstalled or the token expired; drop it. */
  readonly tokenInvalid: boolean;
  /** What kind of failure this is, so callers and reports can group errors across vendors. */
  readonly kind: ErrorKind;
}

export const errorKinds = ['auth', 'validation', 'token-invalid', 'quota', 'rate-limit', 'payload-too-large', 'server', 'transport'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export type ErrorCatalogue = Readonly<Record<string, CatalogueEntry>>;

/** The one error every sender throws for a refused or failed push, carrying the vendor's own code. */
export class VendorError extends Error {
  override readonly name = 'VendorError';

  constructor(
    readonly vendor: VendorId,
    readonly code: string | number,
    readonly entry: CatalogueEntry,
    options?: ErrorOptions & { detail?: string },
  ) {
    super(`${vendor} refused the push: ${code}${entry.reason && entry.reason !== String(code) ? ` ${entry.reason}` : ''} (HTTP ${entry.httpStatus})${options?.detail ? `: ${options.detail}` : ''}`, options);
  }

  get reason(): string { return this.entry.reason ?? String(this.code); }
  get httpStatus(): number { return this.entry.httpStatus; }
  get retryable(): boolean { return this.entry.retryable; }
  get tokenInvalid(): boolean { return this.entry.tokenInvalid; }
  get kind(): ErrorKind { return this.entry.kind; }
}

/** A transport failure (timeout, connection reset, non-vendor reply) wrapped as a VendorError. */
export function transportError(vendor: VendorId, what: string, cause?: unknown, httpStatus = 0): VendorError {
  return new VendorError(vendor, 'TRANSPORT', { reason: what, httpStatus, retryable: true, tokenInvalid: false, kind: 'transport' }, { cause });
}

/** Looks a code up in a catalogue; an unknown code still becomes a VendorError, marked as such. */
export function vendorErrorFrom(vendor: VendorId, catalogue: ErrorCatalogue, code: string | number, httpStatus: number, detail?: string): VendorError {
  const entry = catalogue[String(code)] ?? { reason: `unknown code ${code}`, httpStatus, retryable: httpStatus >= 500, tokenInvalid: false, kind: httpStatus >= 500 ? 'server' : 'validation' };
  return new VendorError(vendor, code, { ...entry, httpStatus }, { detail });
}
