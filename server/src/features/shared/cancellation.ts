// What a feature reads of a request's cancellation: LSP's CancellationToken has this shape, and
// features take it from the caller, since they do not import the transport.
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}
