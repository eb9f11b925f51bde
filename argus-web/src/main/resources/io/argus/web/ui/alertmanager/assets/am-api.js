// The only way the Alertmanager UI talks to the server: Alertmanager's API v2, through relative
// URLs so that the UI works behind a path prefix.

/** A failed API request: the method and path, the HTTP status and the server's message. */
export class ApiError extends Error {
  constructor(method, path, status, message) {
    super(`${method} ${path}: ${status ? `${status} ` : ''}${message}`);
    this.status = status;
    this.apiMessage = message;
  }
}

/**
 * Calls api/v2/<path> and returns the decoded JSON answer (null for an empty body). params: an
 * object whose array values repeat the parameter; body: sent as JSON. Throws ApiError with the
 * server's message: API v2 answers errors either as a JSON string or as {code, message}.
 */
export async function amApi(path, { method = 'GET', params = {}, body, signal } = {}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) query.append(k, String(one));
  }
  let url = `api/v2/${path}`;
  const shown = `/${url}`;
  if ([...query.keys()].length > 0) url += `?${query}`;
  const init = { method, signal, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let resp;
  try {
    resp = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(method, shown, 0, `request failed: ${e.message}`);
  }
  const text = await resp.text();
  let decoded = null;
  let json = false;
  if (text.trim() !== '') {
    try {
      decoded = JSON.parse(text);
      json = true;
    } catch {
      // not JSON: reported below when the status is an error
    }
  }
  if (!resp.ok) {
    let message;
    if (json && typeof decoded === 'string') message = decoded;
    else if (json && decoded && typeof decoded.message === 'string') message = decoded.message;
    else message = text.trim().slice(0, 300) || resp.statusText || 'request failed';
    throw new ApiError(method, shown, resp.status, message);
  }
  if (text.trim() !== '' && !json) {
    throw new ApiError(method, shown, resp.status, `not JSON: ${text.trim().slice(0, 300)}`);
  }
  return decoded;
}
