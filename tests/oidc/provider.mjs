// A real OpenID Connect provider (the npm package oidc-provider) for the sign-in tests.
// Usage: node provider.mjs PORT REDIRECT_URI CLIENT_SECRET
// One confidential client "cockpit" (authorization code flow with PKCE); the users below, each with a password and
// the organisation's claims `cockpit_role` and `village`, which go into the ID token with the scope "cockpit".
// Its own small login and sign-out pages (oidc-provider's development pages load a web font from the internet);
// consent is granted for the client's requested scopes without a page of its own.
import http from "node:http";
import Provider from "oidc-provider";

const [port, redirectUri, clientSecret] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const USERS = {
  "wang.secretary": { password: "wang-pw", claims: { name: "王书记", cockpit_role: "village-secretary", village: "2" } },
  "li.leader": { password: "li-pw", claims: { name: "李乡长", cockpit_role: "township-leader" } },
  "zhao.guest": { password: "zhao-pw", claims: { name: "赵访客", cockpit_role: "visitor" } },
};

const page = (title, body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head>`
  + `<body><h1>${title}</h1>${body}</body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: "cockpit",
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [redirectUri],
    grant_types: ["authorization_code"],
    response_types: ["code"],
  }],
  scopes: ["openid", "profile", "cockpit"],
  claims: { openid: ["sub"], profile: ["name"], cockpit: ["cockpit_role", "village"] },
  conformIdTokenClaims: false, // the claims granted by scope go into the ID token, where Streamlit reads them
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      async logoutSource(ctx, form) {
        ctx.body = page("Sign out", `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" `
          + `name="logout">Sign out</button>`);
      },
    },
  },
  async findAccount(ctx, id) {
    const user = USERS[id];
    return user && { accountId: id, claims: async () => ({ sub: id, ...user.claims }) };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(" "));
    await grant.save();
    return grant;
  },
});
provider.on("server_error", (ctx, error) => console.error("server_error", error));

async function form(request) {
  let body = "";
  for await (const chunk of request) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(request, response, uid) {
  const details = await provider.interactionDetails(request, response);
  if (details.prompt.name !== "login") throw new Error(`unexpected prompt ${details.prompt.name}`);
  let notice = "";
  if (request.method === "POST") {
    const fields = await form(request);
    const login = fields.get("login");
    if (Object.hasOwn(USERS, login) && USERS[login].password === fields.get("password")) {
      await provider.interactionFinished(request, response, { login: { accountId: login } },
        { mergeWithLastSubmission: false });
      return;
    }
    notice = "<p>Wrong login or password.</p>";
  }
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.end(page("Sign in", `${notice}<form method="post" action="/interaction/${uid}">`
    + `<input name="login" autofocus><input name="password" type="password"><button type="submit">Sign in</button></form>`));
}

const oidc = provider.callback();
http.createServer((request, response) => {
  const match = new URL(request.url, issuer).pathname.match(/^\/interaction\/([\w-]+)$/);
  if (!match) return oidc(request, response);
  interaction(request, response, match[1]).catch((error) => {
    console.error(error);
    response.statusCode = 500;
    response.end(String(error));
  });
}).listen(Number(port), "127.0.0.1", () => console.log(`oidc-provider listening on ${issuer}`));
