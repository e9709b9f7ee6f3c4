/** Shown when the page was opened without the web host's token (or outside the desktop app). */
export function NoHost() {
  return (
    <main className="empty-page" data-testid="no-host">
      <h1>Realmode cannot connect</h1>
      <p>This page needs the address that Realmode printed when it started, including its access token.</p>
      <p>
        Run <code>npm start</code> (or <code>realmode serve</code>) and open the address it prints.
      </p>
    </main>
  );
}
