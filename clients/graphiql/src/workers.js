// Monaco (GraphiQL 5's editor) runs its language services in web workers. The build writes them as
// hashed files beside this bundle (WORKERS comes from build.mjs), so they load from our own origin.
/* global WORKERS */
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const file = WORKERS[label] ?? WORKERS.editor;
    return new Worker(new URL(file, import.meta.url), { name: label });
  },
};
