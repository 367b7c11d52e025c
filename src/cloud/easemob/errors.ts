/**
 * The Easemob (Shengwang IM) Web/uni-app SDK codes the emulated cloud answers with, from the SDK's
 * error table (https://doc.easemob.com/document/web/error.html). Login failures keep the REST
 * token endpoint's text: "invalid password" (HTTP 400) and "user not found" (HTTP 404), as
 * practitioners report them (blog.csdn.net/huan132456765/article/details/133709231).
 */
export const easemobErrors = {
  parameterError: { code: -3, message: 'REQUEST_PARAMETER_ERROR' },
  unknown: { code: -2, message: 'REQUEST_UNKNOWN' },
  openError: { code: 1, message: 'WEBIM_CONNCTION_OPEN_ERROR' },
  appKeyNotAssigned: { code: 27, message: 'WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR' },
  tokenNotAssigned: { code: 28, message: 'WEBIM_CONNCTION_TOKEN_NOT_ASSIGN_ERROR' },
} as const satisfies Record<string, { code: number; message: string }>;
