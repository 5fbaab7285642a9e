import type { SeededUser } from './pool.ts';

/** Escapes text for HTML element content and double-quoted attribute values. */
function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The OAuth parameters the sign-in form carries back to `/oauth2/authorize`. */
export const AUTHORIZE_FIELDS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'code_challenge',
  'code_challenge_method',
  'scope',
  'state',
] as const;

/** What the sign-in page shows. */
export interface LoginPageInput {
  readonly fields: Readonly<Record<string, string>>;
  readonly users: readonly SeededUser[];
  readonly error?: string;
  /** Per-response CSP nonce for the page's one style block. */
  readonly nonce: string;
}

/**
 * The local sign-in page. It stands in for Microsoft Entra ID (which the deployed hosted UI
 * federates to) and says so; it lists the seeded users, whose passwords are public by design.
 */
export function renderLoginPage(input: LoginPageInput): string {
  const hidden = AUTHORIZE_FIELDS.map(
    (name) =>
      `<input type="hidden" name="${name}" value="${escapeHtml(input.fields[name] ?? '')}">`,
  ).join('\n      ');
  const rows = input.users
    .map(
      (user) =>
        `<tr><td><code>${escapeHtml(user.username)}</code></td><td>${escapeHtml(user.group)}</td><td><code>${escapeHtml(user.password)}</code></td></tr>`,
    )
    .join('\n          ');
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Sign in (local stand-in for Microsoft Entra ID) · ML Gateway</title>
    <style nonce="${input.nonce}">
      body { font-family: system-ui, sans-serif; margin: 0; background: #f3f2f1; color: #1b1b1b; }
      main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 4px; }
      .notice { background: #fff4ce; border-left: 4px solid #8a6d00; padding: 0.75rem; }
      .error { color: #a4262c; font-weight: 600; }
      label { display: block; margin-top: 1rem; }
      input[type=text], input[type=password] { width: 100%; padding: 0.5rem; box-sizing: border-box; }
      button { margin-top: 1.5rem; padding: 0.6rem 1.5rem; background: #0067b8; color: #fff; border: 0; }
      table { margin-top: 1.5rem; border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: 0.25rem 0.5rem 0.25rem 0; }
    </style>
  </head>
  <body>
    <main>
      <h1>Sign in</h1>
      <p class="notice">
        Local mode: this page stands in for <strong>Microsoft Entra ID</strong>. Deployed, the
        Cognito hosted UI sends you to your company's Entra ID sign-in instead.
      </p>
      ${error}
      <form method="post" action="/oauth2/authorize">
      ${hidden}
        <label for="username">Username</label>
        <input id="username" name="username" type="text" autocomplete="username" required>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit">Sign in</button>
      </form>
      <table>
        <caption>Seeded local users</caption>
        <thead><tr><th scope="col">Username</th><th scope="col">Group</th><th scope="col">Password</th></tr></thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </main>
  </body>
</html>
`;
}
