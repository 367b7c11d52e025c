// Preload (`node --import`) for clients that hard-code port 443 (apns2 builds `https://<host>:443`):
// connections to 127.0.0.1:443 go to the mock's port instead, as a port forward would. The client's
// own code is not touched; TLS verification still runs, against NODE_EXTRA_CA_CERTS.
import tls from 'node:tls';

const port = Number(process.env.PUSHLAB_REDIRECT_443_TO);
if (!Number.isInteger(port) || port <= 0) throw new Error('port-443-redirect: set PUSHLAB_REDIRECT_443_TO to the mock port');
const connect = tls.connect;
tls.connect = function redirected(...args) {
  const options = args[0];
  if (options && typeof options === 'object' && Number(options.port ?? 443) === 443 && options.host === '127.0.0.1') {
    args[0] = { ...options, port };
  }
  return connect.apply(this, args);
};
