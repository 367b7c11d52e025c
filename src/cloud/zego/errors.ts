/**
 * The ZEGO codes the emulated cloud answers with. Sources:
 * - ZIM SDK error codes, "General errors": https://zegocloud.com/docs/zim-web/sdk-error-codes/zim
 * - ZEGO Express `ZegoErrorCode.EngineAppsignIncorrect` (1001005, "Authentication failed. Cause:
 *   Incorrect AppSign"): https://zegocloud.com/unique-api/express-video-sdk/en/dart_flutter/zego_express_engine/ZegoErrorCode/EngineAppsignIncorrect-constant.html
 * Call Kit logs in to both ZIM (signalling) and Express (the call room) with the same AppID/AppSign.
 */
export const zegoErrors = {
  paramInvalid: { code: 6000001, message: 'The parameter is invalid' }, // ZIM 6000001
  notLoggedIn: { code: 6000002, message: 'The SDK is not initialized: log in first' }, // ZIM 6000002 ("not initialized")
  appIDInvalid: { code: 6000003, message: 'The AppID is invalid or has expired' }, // ZIM 6000003
  appSignIncorrect: { code: 1001005, message: 'Authentication failed: incorrect AppSign; check the AppSign in the ZEGO console' }, // Express EngineAppsignIncorrect
  internal: { code: 6000007, message: 'Internal server error' }, // ZIM 6000007
  // assumption: ZIM's call-invitation codes for "no such invitation" / "not allowed now" were not found; the parameter code is used.
  invitationNotFound: { code: 6000001, message: 'no such call invitation' },
  invitationNotAllowed: { code: 6000001, message: 'the call invitation does not allow this now' },
} as const satisfies Record<string, { code: number; message: string }>;
