// The only way the UI talks to the server: the Prometheus HTTP API v1, through relative URLs so
// that the UI works behind a path prefix.

/** A failed API request: the HTTP status, the API's errorType (or "http") and its message. */
export class ApiError extends Error {
  constructor(path, status, errorType, message) {
    super(`${path}: ${errorType === 'http' ? '' : errorType + ': '}${message}`);
    this.path = path;
    this.status = status;
    this.errorType = errorType;
  }
}

/**
 * Calls api/v1/<path> and returns the envelope ({data, warnings, infos}) of a successful answer.
 * params: an object whose array values repeat the parameter. post: send a form body (long
 * queries). Throws ApiError with the server's error text otherwise.
 */
export async function api(path, params = {}, { post = false, signal } = {}) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) form.append(k, String(one));
  }
  let url = `api/v1/${path}`;
  const shown = `/${url}`;
  const init = { signal, headers: { Accept: 'application/json' } };
  if (post) {
    init.method = 'POST';
    init.body = form;
  } else if ([...form.keys()].length > 0) {
    url += (url.includes('?') ? '&' : '?') + form.toString();
  }
  let resp;
  try {
    resp = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(shown, 0, 'http', `request failed: ${e.message}`);
  }
  const text = await resp.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    const snippet = text.trim().slice(0, 300) || resp.statusText;
    throw new ApiError(shown, resp.status, 'http', `HTTP ${resp.status}: ${snippet}`);
  }
  if (body.status !== 'success') {
    throw new ApiError(shown, resp.status, body.errorType || 'http',
      body.error || `HTTP ${resp.status}`);
  }
  return body;
}

let metricNames = null;

/** The metric names for completion, fetched once per page (an empty list when that fails). */
export function loadMetricNames() {
  if (!metricNames) {
    metricNames = api('label/__name__/values').then((b) => b.data, () => []);
  }
  return metricNames;
}
