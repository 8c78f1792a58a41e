// @switchboard/client: the pieces a Switchboard front end needs and easily gets wrong. See clients/lib/README.md.
export { memoryTokenStore, SwitchboardAuth, type AuthMode, type AuthOptions, type TokenStore, type Tokens, type User } from "./auth.js";
export { errorCodes, isUnauthenticated, SwitchboardError, type GraphQLErrorLike } from "./errors.js";
export { createSubscriber, type Sink, type Subscriber, type SubscriberOptions, type SubscriptionRequest } from "./transport.js";
export { followRun, FINAL_STATUSES, type FollowRunOptions, type RunCitation, type RunFollower, type RunState, type RunStatus } from "./run.js";
export { uploadContent, waitForContent, type ContentState, type UploadOptions, type UploadProgress, type UploadedContent } from "./upload.js";
export { createApolloClient, subscriberLink, switchboardLink, type ApolloOptions } from "./apollo.js";
export { createUrqlClient, urqlExchanges } from "./urql.js";
export * as documents from "../../generated/graphql.js";
