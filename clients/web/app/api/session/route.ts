// The app's own session cookie: the browser posts its current access token here after sign-in and every
// refresh, so server-rendered pages can call Switchboard as the user. httpOnly: page scripts cannot read it.
import { NextResponse } from "next/server";
import { SESSION_COOKIE } from "../../../lib/server";

export async function POST(request: Request) {
  const { accessToken } = (await request.json()) as { accessToken?: unknown };
  if (typeof accessToken !== "string" || accessToken.length === 0 || accessToken.length > 4096) {
    return NextResponse.json({ error: "accessToken must be a non-empty string" }, { status: 400 });
  }
  const response = NextResponse.json({ ok: true });
  response.cookies.set(SESSION_COOKIE, accessToken, { httpOnly: true, sameSite: "strict", path: "/", secure: false });
  return response;
}

export async function DELETE() {
  const response = NextResponse.json({ ok: true });
  response.cookies.delete(SESSION_COOKIE);
  return response;
}
