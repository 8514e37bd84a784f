const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(title)} · Slotline</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color-scheme:light dark}</style>
</head><body><h1>${escape(title)}</h1>${body}</body></html>`

/** The page the browser lands on after Google's consent screen, on success. */
export function connectedPage(account: string | null): string {
  const who = account ? ` as <strong>${escape(account)}</strong>` : ''
  return page('Calendar connected', `<p>Slotline is connected to Google Calendar${who}.</p><p>You can close this tab.</p>`)
}

/** The page shown when the sign-in could not be completed. */
export function failedPage(reason: string): string {
  return page('Calendar not connected', `<p>${escape(reason)}</p><p>Go back to Slotline and choose “Connect Google Calendar” again.</p>`)
}
