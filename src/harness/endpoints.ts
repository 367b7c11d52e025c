import type { VendorId } from '../vendors/common/ids.js';

/** Where a run's mock gateways and emulated clouds listen; handed to every session as the `pushlab:endpoints` capability. */
export interface PushlabEndpoints {
  readonly gateways: Partial<Record<VendorId, string>>;
  /** PEM of the CA that signs the APNs mock's certificate. */
  readonly caFile: string;
  readonly credentialsFile: string;
  readonly clouds: { readonly zego: string; readonly easemob: string };
}

export const ENDPOINTS_CAP = 'pushlab:endpoints';
export const DEVICE_CAP = 'pushlab:device';
