// Driving GraphiQL 5 (Monaco editors) the way a person does: click an editor, select all, type.
import assert from "node:assert/strict";

const QUERY_EDITOR = ".graphiql-query-editor";
const TOOL_EDITOR = ".graphiql-editor-tool"; // the variables or headers editor, whichever is shown
const RESPONSE = ".graphiql-response";

/** Loads GraphiQL from the server and waits until its query editor is up. */
export async function openGraphiQL(page, base, traffic) {
  const response = await page.goto(`${base}/graphql`);
  assert.equal(response.status(), 200);
  try {
    await page.locator(`${QUERY_EDITOR} .view-line`).first().waitFor();
  } catch (error) {
    const why = { blocked: traffic.blocked, errors: traffic.errors, page: (await page.content()).slice(0, 2000) };
    throw new Error(`GraphiQL did not come up: ${JSON.stringify(why, null, 2)}`, { cause: error });
  }
}

/** The text of a Monaco editor, line by line in their on-screen order (Monaco reuses line nodes). */
export function editorText(page, container) {
  return page.locator(container).locator(".view-lines").locator("visible=true").evaluate((lines) =>
    [...lines.querySelectorAll(".view-line")]
      .map((line) => [Number.parseFloat(line.style.top), line.textContent.replaceAll("\u00a0", " ")])
      .sort(([a], [b]) => a - b)
      .map(([, text]) => text)
      .join("\n"),
  );
}

async function typeInto(page, container, text) {
  await page.locator(container).locator(".view-lines").locator("visible=true").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete"); // typed over a selection, a bracket would surround it
  await page.keyboard.insertText(text); // as one edit: no auto-closed brackets
  assert.equal((await editorText(page, container)).trim(), text);
}

export const setQuery = (page, text) => typeInto(page, QUERY_EDITOR, text);

export async function setTool(page, tool, text) {
  await page.getByRole("button", { name: tool, exact: true }).click();
  await typeInto(page, TOOL_EDITOR, text);
}

export const toolText = (page) => editorText(page, TOOL_EDITOR);

/** The toolbar's Prettify: GraphiQL loads Prettier for it lazily, from a chunk of the bundle. */
export async function prettify(page) {
  await page.getByRole("button", { name: /^Prettify query/ }).click();
  await page.waitForFunction(
    (selector) => document.querySelectorAll(`${selector} .view-line`).length > 1,
    QUERY_EDITOR,
  );
}

export async function run(page) {
  await page.locator(".graphiql-execute-button").click();
}

/** The response pane's JSON once `done(json)` holds (the pane shows the latest payload of a stream). */
export async function waitForResponse(page, done, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let shown = "";
  while (Date.now() < deadline) {
    shown = await editorText(page, RESPONSE).catch(() => "");
    try {
      const json = JSON.parse(shown);
      if (done(json)) return json;
    } catch {
      // still empty, or mid-render
    }
    await page.waitForTimeout(200);
  }
  assert.fail(`the response pane never showed the expected result; it shows:\n${shown}`);
}
