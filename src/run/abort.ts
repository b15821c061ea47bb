// The error a stopped run throws (Ctrl-C): its own file so the engine's entry point can use it
// without loading the training code (and TensorFlow.js) that pool.ts brings in.

export function abortError(): Error {
  return Object.assign(new Error('run aborted'), { name: 'AbortError' });
}
