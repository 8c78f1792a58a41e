import Link from "next/link";
import type { ReactNode } from "react";
import { authMode, switchboardUrl } from "../lib/server";
import { Providers } from "./providers";
import "./styles.css";

export const metadata = { title: "Switchboard", description: "A Next.js example app on @switchboard/client" };
export const dynamic = "force-dynamic"; // SWITCHBOARD_URL is read at run time, not at build time

export default async function RootLayout({ children }: { children: ReactNode }) {
  const url = switchboardUrl();
  const mode = await authMode();
  return (
    <html lang="en">
      <body>
        <header>
          <strong>Switchboard</strong>
          <nav>
            <Link href="/agents">Agents</Link>
            <Link href="/chat">Chat</Link>
            <Link href="/knowledge">Knowledge</Link>
            <Link href="/runs">Runs</Link>
          </nav>
          <span className="muted">{mode === "local" ? "local mode" : "multi-user mode"}</span>
        </header>
        <main>
          <Providers url={url} mode={mode}>
            {children}
          </Providers>
        </main>
      </body>
    </html>
  );
}
