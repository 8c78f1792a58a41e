"use client";
// Sign in or create an account (multi-user mode); local mode needs neither and goes straight to the agents.
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { sessionCookieSynced, useSwitchboard } from "../providers";

export default function SignIn() {
  const { auth, mode } = useSwitchboard();
  const router = useRouter();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (mode === "local") router.replace("/agents");
    // A stored session whose access token expired: one refresh renews it (and the server cookie).
    else if (auth.tokens)
      void auth.refresh().then(async (token) => {
        await sessionCookieSynced();
        if (token) router.replace("/agents");
      });
  }, [auth, mode, router]);

  const submit = (action: "login" | "register") => async (event?: FormEvent) => {
    event?.preventDefault();
    setError(null);
    try {
      await (action === "login" ? auth.login(username, password) : auth.register(username, password));
      await sessionCookieSynced();
      router.replace("/agents");
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <form className="card" onSubmit={submit("login")}>
      <h1>Sign in</h1>
      <div className="row">
        <input aria-label="Username" placeholder="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <input aria-label="Password" type="password" placeholder="password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit">Sign in</button>
        <button type="button" onClick={() => void submit("register")()}>
          Create account
        </button>
      </div>
      {error && <p className="error">{error}</p>}
    </form>
  );
}
