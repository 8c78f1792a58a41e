/* eslint-disable */
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date (isoformat) */
  Date: { input: any; output: any; }
  /** Date with time (isoformat) */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](https://ecma-international.org/wp-content/uploads/ECMA-404_2nd_edition_december_2017.pdf). */
  JSON: { input: unknown; output: unknown; }
  /** A file sent as a part of a multipart/form-data request (the GraphQL multipart request spec). */
  Upload: { input: any; output: any; }
};

/** A caller-supplied vector with the text it embeds (media type EMBEDDING). */
export type AddEmbeddingInput = {
  /** Attach it to this agent. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Your metadata (a JSON object). */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** The text the vector stands for (searched by SPARSE and shown in hits). */
  text: Scalars['String']['input'];
  /** Title; the text's first line if omitted. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** The dense vector, in the configured embedding model's space (same dimension). */
  vector: Array<Scalars['Float']['input']>;
};

/** Text or markdown to store and index. */
export type AddTextInput = {
  /** Attach it to this agent. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Store it as text/markdown. */
  markdown?: Scalars['Boolean']['input'];
  /** Your metadata (a JSON object). */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** The text (markdown is fine). */
  text: Scalars['String']['input'];
  /** Title. */
  title: Scalars['String']['input'];
};

/** An AI agent: a model with a system prompt, parameters and conversations. */
export type Agent = Node & {
  __typename?: 'Agent';
  /** Conversations with this agent, oldest first. */
  conversations: ConversationConnection;
  /** When it was created (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** What the agent is for. */
  description: Scalars['String']['output'];
  /** Models tried in order when `model` fails before its first token (connection refused, server errors after retries, model missing). */
  fallbackModels: Array<Scalars['String']['output']>;
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** Model it chats with, as 'provider:model'. */
  model: Scalars['String']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** Sampling parameters. */
  parameters: GenerationParameters;
  /** Retrieval-augmented chat and memory settings. */
  retrieval: RetrievalOptions;
  /** Instructions put before every conversation. */
  systemPrompt: Scalars['String']['output'];
  /** Template it was created from, if any. */
  template?: Maybe<AgentTemplateKind>;
  /** Tool choice for its replies; a message may override it. */
  toolChoice: ToolChoice;
  /** Tools the agent may call, in the order given. */
  tools: Array<AgentTool>;
  /** When it last changed (UTC). */
  updatedAt: Scalars['DateTime']['output'];
};


/** An AI agent: a model with a system prompt, parameters and conversations. */
export type AgentConversationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of items in stable (creation time, id) order. */
export type AgentConnection = {
  __typename?: 'AgentConnection';
  /** The items of this page with their cursors. */
  edges: Array<AgentEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<Agent>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type AgentEdge = {
  __typename?: 'AgentEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Agent;
};

/** Narrows an agent list; all given conditions must hold. */
export type AgentFilter = {
  /** Uses exactly this model. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive substring of the name. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Created from this template. */
  template?: InputMaybe<AgentTemplateKind>;
};

/** The agent, or why the change was refused. */
export type AgentResult = Agent | NotFoundError | ValidationError;

/** A built-in agent template and the defaults it fills in. */
export type AgentTemplate = {
  __typename?: 'AgentTemplate';
  /** What agents made from it are for. */
  description: Scalars['String']['output'];
  /** Template key, for `createAgent(input: {template})`. */
  kind: AgentTemplateKind;
  /** Default model. */
  model: Scalars['String']['output'];
  /** Default sampling parameters. */
  parameters: GenerationParameters;
  /** Default system prompt. */
  systemPrompt: Scalars['String']['output'];
  /** Human-readable name. */
  title: Scalars['String']['output'];
};

/** Built-in agent templates. */
export type AgentTemplateKind =
  /** A coding assistant. */
  | 'CORECODER'
  /** A concise general assistant on the default model. */
  | 'GENERAL'
  /** Works with text and images. */
  | 'MULTIMODAL';

/** A tool an agent may use. */
export type AgentTool = {
  __typename?: 'AgentTool';
  /** Whether its calls wait for the user's approval. */
  approval: ToolApproval;
  /** The tool itself; null if it no longer exists. */
  definition?: Maybe<ToolDefinition>;
  /** The tool's name (see `availableTools`). */
  name: Scalars['String']['output'];
};

/** A tool to give an agent. */
export type AgentToolInput = {
  /** ASK: every call waits for the user's approval. */
  approval?: ToolApproval;
  /** The tool's name (see `availableTools`). */
  name: Scalars['String']['input'];
};

/** A client tool's result for a WAITING run: `output`, or `error` when it failed. */
export type AnswerToolCallInput = {
  /** The call answered. */
  callId: Scalars['String']['input'];
  /** Why the tool failed (the model reads it). */
  error?: InputMaybe<Scalars['String']['input']>;
  /** The tool's result, as the model will read it. */
  output?: InputMaybe<Scalars['String']['input']>;
  /** The waiting run. */
  runId: Scalars['ID']['input'];
};

/** An API key; the secret itself is shown only once, at creation. */
export type ApiKey = Node & {
  __typename?: 'ApiKey';
  /** When it was created (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** What the key is for. */
  name: Scalars['String']['output'];
  /** Public part of the key, to recognise it. */
  prefix: Scalars['String']['output'];
};

/** A newly created API key with its secret. */
export type ApiKeyCreated = {
  __typename?: 'ApiKeyCreated';
  /** The stored key. */
  apiKey: ApiKey;
  /** Send as `Authorization: Bearer <secret>`; not shown again. */
  secret: Scalars['String']['output'];
};

/** The new key with its secret, or why it was refused. */
export type ApiKeyResult = ApiKeyCreated | ValidationError;

/** A message written directly into a conversation (imports, tests, tool output). */
export type AppendMessageInput = {
  /** The text. */
  content: Scalars['String']['input'];
  /** Conversation to append to. */
  conversationId: Scalars['ID']['input'];
  /** Model that produced it, if any. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Message it answers, if any. */
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** Who wrote it. */
  role: MessageRole;
  /** For a TOOL message: the id of the call it answers (a call made earlier). */
  toolCallId?: InputMaybe<Scalars['String']['input']>;
  /** For an ASSISTANT message: the tools it called (at most 64). */
  toolCalls?: InputMaybe<Array<ToolCallInput>>;
  /** For a TOOL message: the result is an error. */
  toolError?: Scalars['Boolean']['input'];
};

/** What an assertion checks. */
export type AssertionType =
  /** The output contains `value` (`caseSensitive`, default false). */
  | 'CONTAINS'
  /** The output, trimmed, equals `value` trimmed (`caseSensitive`, default true). */
  | 'EQUALS'
  /** The output is JSON matching `schema` (type, enum, const, properties, required, additionalProperties, items, min/maxLength, minimum/maximum, exclusiveMinimum/Maximum, min/maxItems). */
  | 'JSON_SCHEMA'
  /** The output is one JSON value (a surrounding markdown code fence is allowed). */
  | 'JSON_VALID'
  /** The generation took at most `maxMs` ms. */
  | 'MAX_LATENCY'
  /** The output is at most `maxTokens` tokens. */
  | 'MAX_OUTPUT_TOKENS'
  /** The agent answered within `maxRounds` rounds of tool calls. */
  | 'MAX_TOOL_ROUNDS'
  /** The output does not contain `value` (`caseSensitive`, default false). */
  | 'NOT_CONTAINS'
  /** `pattern` matches somewhere in the output (Python syntax; `(?i)` ignores case). Patterns are at most 500 characters and may not nest unbounded repeats like `(a+)+`. */
  | 'REGEX'
  /** A judge model (`judge`, else the run's judge) reads `rubric`, the input and the output and answers PASS or FAIL with a reason; output it cannot read fails the assertion. */
  | 'RUBRIC'
  /** The agent called the tool `name`; with `schema`, with arguments matching that JSON Schema. */
  | 'TOOL_CALLED';

/** Authentication failed or is not allowed. */
export type AuthError = Error & {
  __typename?: 'AuthError';
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** How requests are authenticated. */
export type AuthMode =
  /** Loopback only; requests without credentials act as the local admin. */
  | 'LOCAL'
  /** Every request needs a bearer JWT or an API key. */
  | 'MULTI';

/** Tokens from `login`, `register` or `refreshToken`. */
export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** JWT for `Authorization: Bearer ...`. */
  accessToken: Scalars['String']['output'];
  /** Seconds until the access token expires. */
  expiresIn: Scalars['Int']['output'];
  /** One-time token for `refreshToken`; store it safely. */
  refreshToken: Scalars['String']['output'];
  /** Who the tokens are for. */
  user: User;
};

/** Tokens, or why they were refused. */
export type AuthResult = AuthError | AuthPayload | ConflictError | ValidationError;

/** One model in one BENCHMARK run, for side-by-side comparison. */
export type BenchmarkComparisonRow = {
  __typename?: 'BenchmarkComparisonRow';
  /** When the run was queued (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** CPU model and cores of the machine it ran on. */
  machine?: Maybe<Scalars['String']['output']>;
  /** The model's figures in that run. */
  result: BenchmarkModelResult;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** The run's status (a cancelled run compares what it measured). */
  status: Scalars['String']['output'];
};

/** What to benchmark. Give `prompts` or a built-in `promptSet` (default: general). */
export type BenchmarkInput = {
  /** Requests in flight at once (1-16). */
  concurrency?: Scalars['Int']['input'];
  /** Rounds over the prompts per model (1-200). */
  iterations?: Scalars['Int']['input'];
  /** Token budget per request (1-4096). */
  maxTokens?: Scalars['Int']['input'];
  /** Models to measure, 'provider:model' (1-10). */
  models: Array<Scalars['String']['input']>;
  /** 1 (highest) to 10. */
  priority?: Scalars['Int']['input'];
  /** A built-in set: general, coding, short. */
  promptSet?: InputMaybe<Scalars['String']['input']>;
  /** Your prompts (1-50). */
  prompts?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Sampling temperature. */
  temperature?: InputMaybe<Scalars['Float']['input']>;
  /** Unmeasured requests per model first (0-10). */
  warmup?: Scalars['Int']['input'];
};

/** One model's figures in a benchmark. */
export type BenchmarkModelResult = {
  __typename?: 'BenchmarkModelResult';
  /** What the provider says about the model. */
  details?: Maybe<Scalars['JSON']['output']>;
  /** Iterations that failed. */
  errors: Scalars['Int']['output'];
  /** Measured iterations (warm-up excluded). */
  iterations: Scalars['Int']['output'];
  /** Total latency per request, ms. */
  latencyMs: Percentiles;
  /** 'provider:model'. */
  model: Scalars['String']['output'];
  /** Tokens generated per request. */
  outputTokens: Percentiles;
  /** Time to first token, ms. */
  timeToFirstTokenMs: Percentiles;
  /** Output tokens per second after the first. */
  tokensPerSecond: Percentiles;
};

/** What a BENCHMARK run measured, per model, and where. */
export type BenchmarkResult = {
  __typename?: 'BenchmarkResult';
  /** Requests in flight at once. */
  concurrency: Scalars['Int']['output'];
  /** The machine it ran on (the `hardware` query's snapshot). */
  hardware: Scalars['JSON']['output'];
  /** Iterations per model. */
  iterations: Scalars['Int']['output'];
  /** Token budget per request. */
  maxTokens: Scalars['Int']['output'];
  /** Figures per model. */
  models: Array<BenchmarkModelResult>;
  /** Prompts per iteration. */
  prompts: Scalars['Int']['output'];
  /** Unmeasured requests per model before measuring. */
  warmup: Scalars['Int']['output'];
};

/** The run (CANCELLED, or stopping), or why not. */
export type CancelRunResult = NotFoundError | Run | RunFinishedError | ValidationError;

/** What sendMessage and regenerateMessage start. */
export type ChatTurn = {
  __typename?: 'ChatTurn';
  /** The reply being generated (STREAMING). */
  assistantMessage: Message;
  /** The conversation (new when started from an agent). */
  conversation: Conversation;
  /** The CHAT run; follow it with `runEvents`. */
  run: Run;
  /** The user's message. */
  userMessage: Message;
};

/** The started turn, or why it was refused. */
export type ChatTurnResult = ChatTurn | NotFoundError | ValidationError;

/** Something a reply was given to read before it was generated, with its retrieval score. */
export type Citation = {
  __typename?: 'Citation';
  /** Position of the chunk in its content, for CONTENT. */
  chunkIndex?: Maybe<Scalars['Int']['output']>;
  /** The cited content (null for memories, or once the content is deleted). */
  content?: Maybe<Content>;
  /** Content chunk or memory. */
  kind: CitationKind;
  /** The cited memory (null for content, or once the memory is deleted). */
  memory?: Maybe<Memory>;
  /** 1 for the best-scoring item, then 2, 3, ... */
  rank: Scalars['Int']['output'];
  /** Retrieval score in the agent's search mode. */
  score: Scalars['Float']['output'];
  /** The text the model saw, as it was then. */
  text: Scalars['String']['output'];
};

/** A CHAT run is given this to read (a content chunk or a memory); sent before its tokens. */
export type CitationAdded = RunEvent & {
  __typename?: 'CitationAdded';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** What was retrieved, with its score and rank. */
  citation: Citation;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** What a citation points at. */
export type CitationKind =
  /** A chunk of a stored content. */
  | 'CONTENT'
  /** A memory of the agent. */
  | 'MEMORY';

/** The emptied conversation, or why not. */
export type ClearConversationResult = Conversation | NotFoundError | ValidationError;

/** How many memories were deleted, or why none were. */
export type ClearMemoriesResult = MemoriesCleared | NotFoundError | ValidationError;

/** A tool the front end runs itself; when the model calls it the run waits (WAITING) for `answerToolCall`. */
export type ClientToolInput = {
  /** What it does, as the model reads it. */
  description?: Scalars['String']['input'];
  /** JSON Schema of its input; calls are checked first. */
  inputSchema?: Scalars['JSON']['input'];
  /** Letters, digits, _ and -, at most 64; not one of the agent's tools. */
  name: Scalars['String']['input'];
};

/** The running configuration, by section. */
export type Config = {
  __typename?: 'Config';
  /** Limits. */
  limits: LimitsConfig;
  /** Default models. */
  models: ModelsConfig;
  /** Provider endpoints and retries. */
  providers: ProvidersConfig;
  /** Retrieval settings. */
  retrieval: RetrievalConfig;
  /** Server settings (restart to change). */
  server: ServerConfig;
};

/** The configuration change was refused; nothing was applied. */
export type ConfigError = Error & {
  __typename?: 'ConfigError';
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** Every problem found. */
  problems: Array<ConfigProblem>;
};

/** A change to the runtime sections of the configuration. */
export type ConfigInput = {
  /** Limit changes. */
  limits?: InputMaybe<LimitsConfigInput>;
  /** Default model changes. */
  models?: InputMaybe<ModelsConfigInput>;
  /** Provider changes. */
  providers?: InputMaybe<ProvidersConfigInput>;
  /** Retrieval changes. */
  retrieval?: InputMaybe<RetrievalConfigInput>;
};

/** One problem with a proposed configuration. */
export type ConfigProblem = {
  __typename?: 'ConfigProblem';
  /** What is wrong with it. */
  message: Scalars['String']['output'];
  /** Dotted setting path, e.g. `limits.maxPageSize`. */
  path: Scalars['String']['output'];
};

/** The new configuration, or why it was refused. */
export type ConfigResult = Config | ConfigError;

/** The outcome of `validateConfig`; nothing was applied. */
export type ConfigValidation = {
  __typename?: 'ConfigValidation';
  /** Every problem found. */
  problems: Array<ConfigProblem>;
  /** True when the change could be applied as it is. */
  valid: Scalars['Boolean']['output'];
};

/** The change clashes with existing data (e.g. a taken username). */
export type ConflictError = Error & {
  __typename?: 'ConflictError';
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** A stored document, file or text, with its extracted metadata and ingestion status. */
export type Content = Node & {
  __typename?: 'Content';
  /** The agent it belongs to, if any. */
  agent?: Maybe<Agent>;
  /** Chunks indexed, once READY. */
  chunkCount?: Maybe<Scalars['Int']['output']>;
  /** When it was added (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Model its vectors were made with. */
  embeddingModel?: Maybe<Scalars['String']['output']>;
  /** Why ingestion failed. */
  error?: Maybe<Scalars['String']['output']>;
  /** Uploaded file name. */
  filename?: Maybe<Scalars['String']['output']>;
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** What kind of content it is. */
  mediaType: MediaType;
  /** Your metadata merged with what extraction found (size, pages, title, ...; a text-bearing file's or an image's once its INGEST run has read it). Images add `caption` and `caption_model` (or `caption_error`) when captioned, `ocr_rotation` when the picture was read turned, and `ocr_error` when OCR is not installed; PDFs add `ocr_pages`, the scanned pages read by OCR. */
  metadata: Scalars['JSON']['output'];
  /** Detected MIME type. */
  mime: Scalars['String']['output'];
  /** SHA-256 of the bytes; identical uploads share storage. */
  sha256: Scalars['String']['output'];
  /** Size of the stored bytes. */
  sizeBytes: Scalars['Float']['output'];
  /** Ingestion status. */
  status: ContentStatus;
  /** Title (the file name unless given). */
  title: Scalars['String']['output'];
  /** When it last changed (UTC). */
  updatedAt: Scalars['DateTime']['output'];
};

/** What addText and uploadContent did. */
export type ContentAdded = {
  __typename?: 'ContentAdded';
  /** The stored content (the existing one for a duplicate). */
  content: Content;
  /** False when the same bytes were already stored by you. */
  created: Scalars['Boolean']['output'];
  /** The INGEST run; follow it with `runEvents`. */
  ingestRunId?: Maybe<Scalars['ID']['output']>;
};

/** The stored content, or why nothing was stored. */
export type ContentAddedResult = ContentAdded | NotFoundError | ValidationError;

/** A page of items in stable (creation time, id) order. */
export type ContentConnection = {
  __typename?: 'ContentConnection';
  /** The items of this page with their cursors. */
  edges: Array<ContentEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<Content>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type ContentEdge = {
  __typename?: 'ContentEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Content;
};

/** Narrows a content list; all given conditions must hold. */
export type ContentFilter = {
  /** Only this agent's content. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Only these media types. */
  mediaTypes?: InputMaybe<Array<MediaType>>;
  /** Metadata keys that must equal these values. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Only content in this status. */
  status?: InputMaybe<ContentStatus>;
};

/** The content, or why the change was refused. */
export type ContentResult = Content | NotFoundError | ValidationError;

/** Where a content is in ingestion. */
export type ContentStatus =
  /** Ingestion was cancelled. No vectors were kept. */
  | 'CANCELLED'
  /** Ingestion failed; see `error`. No vectors were kept. */
  | 'FAILED'
  /** Waiting for its INGEST run. */
  | 'PENDING'
  /** Being extracted, chunked and embedded. */
  | 'PROCESSING'
  /** Searchable (or stored, for audio, video and images in which no text was found). */
  | 'READY';

/** A content's ingestion state, sent by `contentStatus` when it changes. */
export type ContentStatusUpdate = {
  __typename?: 'ContentStatusUpdate';
  /** The content as it is now (status, error, chunkCount). */
  content: Content;
  /** Chunks embedded so far, while PROCESSING. */
  done?: Maybe<Scalars['Int']['output']>;
  /** done / total, 0 to 1. */
  fraction?: Maybe<Scalars['Float']['output']>;
  /** The INGEST run, if the content has one. */
  ingestRunId?: Maybe<Scalars['ID']['output']>;
  /** Chunks in all, once known. */
  total?: Maybe<Scalars['Int']['output']>;
};

/** A conversation between a user and an agent. */
export type Conversation = Node & {
  __typename?: 'Conversation';
  /** The agent this conversation is with. */
  agent: Agent;
  /** When it started (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** Messages, oldest first. */
  messages: MessageConnection;
  /** Title shown in lists. */
  title: Scalars['String']['output'];
  /** When it last changed (UTC). */
  updatedAt: Scalars['DateTime']['output'];
};


/** A conversation between a user and an agent. */
export type ConversationMessagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of items in stable (creation time, id) order. */
export type ConversationConnection = {
  __typename?: 'ConversationConnection';
  /** The items of this page with their cursors. */
  edges: Array<ConversationEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<Conversation>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type ConversationEdge = {
  __typename?: 'ConversationEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Conversation;
};

/** What a chat screen needs to stay live. */
export type ConversationEvent = ConversationRunEvent | MessageAdded;

/** Narrows a conversation list. */
export type ConversationFilter = {
  /** Only this agent's conversations. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
};

/** The conversation, or why the change was refused. */
export type ConversationResult = Conversation | NotFoundError | ValidationError;

/** A run of the conversation produced an event. */
export type ConversationRunEvent = {
  __typename?: 'ConversationRunEvent';
  /** The run event. */
  event: RunEvent;
};

/** A new agent. With a template, omitted fields take the template's defaults. */
export type CreateAgentInput = {
  /** What the agent is for. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Up to 5 'provider:model' names tried in order when the model fails before its first token. */
  fallbackModels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** 'provider:model'; default from the template or config. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Display name (required, not blank). */
  name: Scalars['String']['input'];
  /** Sampling parameters. */
  parameters?: InputMaybe<GenerationParametersInput>;
  /** Retrieval settings. */
  retrieval?: InputMaybe<RetrievalOptionsInput>;
  /** Instructions before every conversation. */
  systemPrompt?: InputMaybe<Scalars['String']['input']>;
  /** Start from this template. */
  template?: InputMaybe<AgentTemplateKind>;
  /** Tool choice; default AUTO. */
  toolChoice?: InputMaybe<ToolChoiceInput>;
  /** Tools it may call. */
  tools?: InputMaybe<Array<AgentToolInput>>;
};

/** A new generation template. */
export type CreateGenerationTemplateInput = {
  /** The Jinja2 body (at most 20000 characters); every variable it reads must be declared. */
  body: Scalars['String']['input'];
  /** What it generates. */
  description?: Scalars['String']['input'];
  /** The default model, 'provider:model'. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Display name. */
  name: Scalars['String']['input'];
  /** The variables the body reads (at most 64). */
  variables?: Array<TemplateVariableInput>;
};

/** A memory to keep. */
export type CreateMemoryInput = {
  /** The agent that remembers it. */
  agentId: Scalars['ID']['input'];
  /** Forget it after this time (UTC). */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** What it is. */
  kind: MemoryKind;
  /** Where it came from. */
  sourceMessageId?: InputMaybe<Scalars['ID']['input']>;
  /** What to remember (at most 4000 characters). */
  text: Scalars['String']['input'];
};

/** A new test suite. */
export type CreateTestSuiteInput = {
  /** The cases, in order. */
  cases?: Array<TestCaseInput>;
  /** What the suite is for. */
  description?: Scalars['String']['input'];
  /** Display name. */
  name: Scalars['String']['input'];
};

/** The removed model, or why not. */
export type DeleteModelResult = ModelDeleted | NotFoundError | ValidationError;

/** The deleted ID, or why nothing was deleted. */
export type DeleteResult = Deleted | NotFoundError | ValidationError;

/** The object was deleted. */
export type Deleted = {
  __typename?: 'Deleted';
  /** ID of the deleted object. */
  id: Scalars['ID']['output'];
};

/** An expected failure of a mutation, returned instead of its result. */
export type Error = {
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** Machine-readable error codes, shared by typed errors and `extensions.code`. */
export type ErrorCode =
  /** The input is invalid. */
  | 'BAD_USER_INPUT'
  /** It clashes with existing data. */
  | 'CONFLICT'
  /** A file is over an extraction limit (`limits.maxExtractedChars`, `maxChunks`, `maxUnpackedBytes`, `maxImagePixels`, `maxPdfPages`); the message names it and the measured value. */
  | 'CONTENT_TOO_LARGE'
  /** You may not do this. */
  | 'FORBIDDEN'
  /** The configuration change is invalid. */
  | 'INVALID_CONFIG'
  /** Wrong username or password. */
  | 'INVALID_CREDENTIALS'
  /** The import document is invalid. */
  | 'INVALID_IMPORT'
  /** No such object visible to you. */
  | 'NOT_FOUND'
  /** The provider's queue, or your share of it, is full; try again when runs finish. */
  | 'QUEUE_FULL'
  /** Today's token quota for this provider is spent (until the next UTC day). */
  | 'QUOTA_EXCEEDED'
  /** Too many requests of this kind; `extensions.retryAfter` says when to try again. */
  | 'RATE_LIMITED'
  /** The run already ended. */
  | 'RUN_FINISHED'
  /** Credentials are missing or invalid. */
  | 'UNAUTHENTICATED';

/** A download format for a run's items. */
export type ExportFormat =
  /** One row per item, a header row first. */
  | 'CSV'
  /** The run, its result and every item. */
  | 'JSON';

/** The run's model failed before its first token (connection refused, server errors after retries, model missing); the next fallback model answers instead. Never sent once a token has reached the client. */
export type FallbackUsed = RunEvent & {
  __typename?: 'FallbackUsed';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The model that failed ('provider:model'). */
  failedModel: Scalars['String']['output'];
  /** The fallback model tried next. */
  nextModel: Scalars['String']['output'];
  /** Why the failed model was given up. */
  reason: Scalars['String']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** A batch: one template rendered per item and generated, in item order. Give `template` or `templateId` (exactly one). */
export type GenerationInput = {
  /** ... with this agent. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** The items (JSON values, usually objects), at most 1000. */
  items: Array<Scalars['JSON']['input']>;
  /** Token budget per item. */
  maxTokens?: InputMaybe<Scalars['Int']['input']>;
  /** Generate with this model, or ... */
  model?: InputMaybe<Scalars['String']['input']>;
  /** 1 (highest) to 10. */
  priority?: Scalars['Int']['input'];
  /** Sampling temperature. */
  temperature?: InputMaybe<Scalars['Float']['input']>;
  /** A Jinja2 template (sandboxed). An object item's keys are variables; `item` and `index` too. */
  template?: InputMaybe<Scalars['String']['input']>;
  /** A saved GenerationTemplate: its required variables must be in every item, optional ones take their defaults, and its model is used when neither `model` nor `agentId` is given. */
  templateId?: InputMaybe<Scalars['ID']['input']>;
};

/** Sampling parameters an agent passes to its model; unset ones use the model's defaults. */
export type GenerationParameters = {
  __typename?: 'GenerationParameters';
  /** Most tokens to generate per reply. */
  maxTokens?: Maybe<Scalars['Int']['output']>;
  /** Random seed, for repeatable output. */
  seed?: Maybe<Scalars['Int']['output']>;
  /** Stop sequences. */
  stop?: Maybe<Array<Scalars['String']['output']>>;
  /** Randomness, 0 to 2. */
  temperature?: Maybe<Scalars['Float']['output']>;
  /** Sample from the K most likely tokens. */
  topK?: Maybe<Scalars['Int']['output']>;
  /** Nucleus sampling mass, (0, 1]. */
  topP?: Maybe<Scalars['Float']['output']>;
};

/** Sampling parameters; omitted ones are left unset. */
export type GenerationParametersInput = {
  /** Most tokens to generate per reply. */
  maxTokens?: InputMaybe<Scalars['Int']['input']>;
  /** Random seed. */
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** Stop sequences (at most 8). */
  stop?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Randomness, 0 to 2. */
  temperature?: InputMaybe<Scalars['Float']['input']>;
  /** Sample from the K most likely tokens. */
  topK?: InputMaybe<Scalars['Int']['input']>;
  /** Nucleus sampling mass, (0, 1]. */
  topP?: InputMaybe<Scalars['Float']['input']>;
};

/** What a GENERATION run produced. */
export type GenerationResult = {
  __typename?: 'GenerationResult';
  /** Items whose generation failed. */
  failed: Scalars['Int']['output'];
  /** Items in the batch. */
  items: Scalars['Int']['output'];
  /** The outputs in item order (null where it failed). */
  outputs: Array<Maybe<Scalars['String']['output']>>;
  /** Items generated. */
  succeeded: Scalars['Int']['output'];
  /** What generated: 'provider:model' or 'agent:<id>'. */
  target: Scalars['String']['output'];
  /** The template body the run rendered, as it was at the start. */
  template?: Maybe<Scalars['String']['output']>;
  /** The saved GenerationTemplate it started from (null: an inline template). */
  templateId?: Maybe<Scalars['ID']['output']>;
  /** That template's name when the run started. */
  templateName?: Maybe<Scalars['String']['output']>;
};

/** A saved Jinja2 prompt template for `startGeneration(input: {templateId, items})`: one prompt rendered per item, in the same sandbox as an inline template. */
export type GenerationTemplate = Node & {
  __typename?: 'GenerationTemplate';
  /** The Jinja2 body. It may read its declared variables, `item` (the whole item) and `index`. */
  body: Scalars['String']['output'];
  /** When it was created (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** What it generates. */
  description: Scalars['String']['output'];
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** The default model, 'provider:model': used when `startGeneration` gives no model or agent. */
  model?: Maybe<Scalars['String']['output']>;
  /** Display name. */
  name: Scalars['String']['output'];
  /** The owner's User ID. */
  ownerId: Scalars['ID']['output'];
  /** When it last changed (UTC). */
  updatedAt: Scalars['DateTime']['output'];
  /** The declared variables, in order. */
  variables: Array<TemplateVariable>;
};

/** A page of items in stable (creation time, id) order. */
export type GenerationTemplateConnection = {
  __typename?: 'GenerationTemplateConnection';
  /** The items of this page with their cursors. */
  edges: Array<GenerationTemplateEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<GenerationTemplate>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type GenerationTemplateEdge = {
  __typename?: 'GenerationTemplateEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: GenerationTemplate;
};

/** Narrows a generation template list. */
export type GenerationTemplateFilter = {
  /** Case-insensitive substring of the name. */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** The template, or why the change was refused. */
export type GenerationTemplateResult = GenerationTemplate | NotFoundError | ValidationError;

/** A GPU the server can see (NVIDIA GPUs through nvidia-smi). */
export type Gpu = {
  __typename?: 'Gpu';
  /** Driver version. */
  driver?: Maybe<Scalars['String']['output']>;
  /** Total GPU memory in bytes. */
  memoryBytes?: Maybe<Scalars['Float']['output']>;
  /** Model name, e.g. 'NVIDIA GeForce RTX 4090'. */
  name: Scalars['String']['output'];
};

/** The machine the server (and so a benchmark) runs on. */
export type Hardware = {
  __typename?: 'Hardware';
  /** Machine architecture, e.g. 'x86_64' or 'arm64'. */
  architecture: Scalars['String']['output'];
  /** CPU model name. */
  cpuModel?: Maybe<Scalars['String']['output']>;
  /** GPUs found; empty when none (or no nvidia-smi). */
  gpus: Array<Gpu>;
  /** The llama.cpp build and what it supports. */
  llamaCpp: LlamaCppBuild;
  /** Logical CPUs (hardware threads). */
  logicalCores?: Maybe<Scalars['Int']['output']>;
  /** Memory available to new work now, in bytes (Linux MemAvailable). */
  memoryAvailableBytes?: Maybe<Scalars['Float']['output']>;
  /** Physical memory in bytes. */
  memoryTotalBytes?: Maybe<Scalars['Float']['output']>;
  /** Operating system, e.g. 'Linux' or 'Darwin'. */
  os: Scalars['String']['output'];
  /** OS (kernel) release. */
  osRelease: Scalars['String']['output'];
  /** Physical CPU cores (SMT siblings counted once). */
  physicalCores?: Maybe<Scalars['Int']['output']>;
  /** One-line platform description. */
  platform: Scalars['String']['output'];
  /** Python implementation and version. */
  pythonVersion: Scalars['String']['output'];
  /** Logical CPUs this process may run on (CPU affinity, e.g. a container's cpuset). */
  usableCores?: Maybe<Scalars['Int']['output']>;
};

/** An agent export document, as returned by `agentExport`. */
export type ImportAgentInput = {
  /** The JSON document (an object, or a string holding one). */
  document: Scalars['JSON']['input'];
};

/** The imported agent, or why the document was refused. */
export type ImportAgentResult = Agent | ImportError | ValidationError;

/** The import document is malformed or from an incompatible format version. */
export type ImportError = Error & {
  __typename?: 'ImportError';
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** Where in the document the problem is. */
  path?: Maybe<Scalars['String']['output']>;
};

/** The imported template, or what is wrong with the document. */
export type ImportGenerationTemplateResult = GenerationTemplate | ImportError;

/** The imported suite, or what is wrong with the document. */
export type ImportTestSuiteResult = ImportError | TestSuite;

/** How much of your knowledge is indexed with the current embedding model. */
export type IndexStatus = {
  __typename?: 'IndexStatus';
  /** Your READY text and document contents. */
  contents: Scalars['Int']['output'];
  /** The configured embedding model; search uses its vectors. */
  embeddingModel: Scalars['String']['output'];
  /** Your memories. */
  memories: Scalars['Int']['output'];
  /** Of those, indexed with another model: run `reindex`. */
  staleContents: Scalars['Int']['output'];
  /** Of those, indexed with another model. */
  staleMemories: Scalars['Int']['output'];
};

/** Which contents a retrieval-augmented agent reads. */
export type KnowledgeScope =
  /** Only contents attached to this agent. */
  | 'AGENT'
  /** All of the owner's contents. */
  | 'ALL';

/** Request and input limits. */
export type LimitsConfig = {
  __typename?: 'LimitsConfig';
  /** Page size when neither `first` nor `last` is given. */
  defaultPageSize: Scalars['Int']['output'];
  /** Most aliases in a GraphQL document. */
  maxAliases: Scalars['Int']['output'];
  /** Most files one chat message carries. */
  maxAttachments: Scalars['Int']['output'];
  /** Most chunks one content is cut into. */
  maxChunks: Scalars['Int']['output'];
  /** Largest GraphQL document, in bytes. */
  maxDocumentBytes: Scalars['Int']['output'];
  /** Most tokens in a GraphQL document. */
  maxDocumentTokens: Scalars['Int']['output'];
  /** Most characters of text extracted from one content. */
  maxExtractedChars: Scalars['Int']['output'];
  /** Most fragment spreads in a GraphQL document. */
  maxFragmentSpreads: Scalars['Int']['output'];
  /** Most fragment definitions in a GraphQL document. */
  maxFragments: Scalars['Int']['output'];
  /** Largest image, in pixels (width times height). */
  maxImagePixels: Scalars['Int']['output'];
  /** Largest import document. */
  maxImportBytes: Scalars['Int']['output'];
  /** Longest name or title. */
  maxNameLength: Scalars['Int']['output'];
  /** Largest `first`/`last` accepted. */
  maxPageSize: Scalars['Int']['output'];
  /** Most pages in a PDF. */
  maxPdfPages: Scalars['Int']['output'];
  /** Highest query cost: every field counts once per item of each enclosing list or page. */
  maxQueryCost: Scalars['Int']['output'];
  /** Deepest GraphQL query accepted. */
  maxQueryDepth: Scalars['Int']['output'];
  /** Highest product of same-named sibling selections along a path. */
  maxRepeatedSelections: Scalars['Int']['output'];
  /** Longest message, description or system prompt. */
  maxTextLength: Scalars['Int']['output'];
  /** Largest unpacked size of a zip-based file (docx), declared or inflated. */
  maxUnpackedBytes: Scalars['Int']['output'];
  /** Largest uploaded file. */
  maxUploadBytes: Scalars['Int']['output'];
  /** Most files in one upload request. */
  maxUploadFiles: Scalars['Int']['output'];
};

/** Limit changes. */
export type LimitsConfigInput = {
  /** Default page size. */
  defaultPageSize?: InputMaybe<Scalars['Int']['input']>;
  /** Most aliases in a document. */
  maxAliases?: InputMaybe<Scalars['Int']['input']>;
  /** Most files one message carries. */
  maxAttachments?: InputMaybe<Scalars['Int']['input']>;
  /** Most chunks per content. */
  maxChunks?: InputMaybe<Scalars['Int']['input']>;
  /** Largest GraphQL document. */
  maxDocumentBytes?: InputMaybe<Scalars['Int']['input']>;
  /** Most tokens in a document. */
  maxDocumentTokens?: InputMaybe<Scalars['Int']['input']>;
  /** Most characters per content. */
  maxExtractedChars?: InputMaybe<Scalars['Int']['input']>;
  /** Most fragment spreads. */
  maxFragmentSpreads?: InputMaybe<Scalars['Int']['input']>;
  /** Most fragment definitions. */
  maxFragments?: InputMaybe<Scalars['Int']['input']>;
  /** Largest image, in pixels. */
  maxImagePixels?: InputMaybe<Scalars['Int']['input']>;
  /** Largest import document. */
  maxImportBytes?: InputMaybe<Scalars['Int']['input']>;
  /** Longest name or title. */
  maxNameLength?: InputMaybe<Scalars['Int']['input']>;
  /** Largest page size. */
  maxPageSize?: InputMaybe<Scalars['Int']['input']>;
  /** Most pages in a PDF. */
  maxPdfPages?: InputMaybe<Scalars['Int']['input']>;
  /** Highest query cost. */
  maxQueryCost?: InputMaybe<Scalars['Int']['input']>;
  /** Deepest query. */
  maxQueryDepth?: InputMaybe<Scalars['Int']['input']>;
  /** Highest product of same-named sibling selections. */
  maxRepeatedSelections?: InputMaybe<Scalars['Int']['input']>;
  /** Longest text. */
  maxTextLength?: InputMaybe<Scalars['Int']['input']>;
  /** Largest unpacked docx. */
  maxUnpackedBytes?: InputMaybe<Scalars['Int']['input']>;
};

/** The llama.cpp build behind the `local` provider (llama-cpp-python). */
export type LlamaCppBuild = {
  __typename?: 'LlamaCppBuild';
  /** Backends compiled in, e.g. ['CUDA', 'CPU']. */
  backends: Array<Scalars['String']['output']>;
  /** `systemInfo` parsed, in order. */
  features: Array<LlamaCppFeature>;
  /** Whether layers can be offloaded to a GPU. */
  gpuOffload?: Maybe<Scalars['Boolean']['output']>;
  /** Whether model memory can be locked in RAM. */
  mlock?: Maybe<Scalars['Boolean']['output']>;
  /** Whether model files can be memory-mapped. */
  mmap?: Maybe<Scalars['Boolean']['output']>;
  /** `llama_print_system_info()` verbatim. */
  systemInfo: Scalars['String']['output'];
  /** llama-cpp-python version; null when it cannot load. */
  version?: Maybe<Scalars['String']['output']>;
};

/** One capability of the llama.cpp build, as `llama_print_system_info()` reports it. */
export type LlamaCppFeature = {
  __typename?: 'LlamaCppFeature';
  /** The backend it belongs to: 'CPU', 'CUDA', 'Metal', ... */
  backend: Scalars['String']['output'];
  /** The feature, e.g. 'AVX2' or 'ARCHS'. */
  name: Scalars['String']['output'];
  /** Its value, usually '1' for present. */
  value: Scalars['String']['output'];
};

/** How serious a log line is. */
export type LogLevel =
  /** The server cannot go on as it is. */
  | 'CRITICAL'
  /** Detail for finding a fault. */
  | 'DEBUG'
  /** Something failed. */
  | 'ERROR'
  /** What the server did (runs queued, started, finished). */
  | 'INFO'
  /** Something went wrong and was handled. */
  | 'WARNING';

/** One line of the server's structured log (secrets are redacted before it is kept). */
export type LogLine = {
  __typename?: 'LogLine';
  /** When it was logged. */
  at: Scalars['DateTime']['output'];
  /** The line's other key/value pairs, as text. */
  fields: Scalars['JSON']['output'];
  /** Its level. */
  level: LogLevel;
  /** The event, e.g. 'run failed unexpectedly'. */
  message: Scalars['String']['output'];
  /** The HTTP request or WebSocket it was logged in. */
  requestId?: Maybe<Scalars['String']['output']>;
  /** The run it was logged in. */
  runId?: Maybe<Scalars['ID']['output']>;
  /** Its place in this process's log; 0 for a note that lines were dropped. */
  seq: Scalars['Int']['output'];
};

/** How many sessions `logout` ended. */
export type LoggedOut = {
  __typename?: 'LoggedOut';
  /** Sessions signed out (0 when the request used no session's token). */
  revoked: Scalars['Int']['output'];
};

/** The removed server's ID, or why not. */
export type McpDeleteResult = Deleted | NotFoundError | ValidationError;

/** An MCP tool server; its tools are offered as `<name>__<tool>`. Secrets in `env` and `headers` are never returned, only their names. */
export type McpServer = {
  __typename?: 'McpServer';
  /** Its arguments (STDIO; admins only). */
  args?: Maybe<Array<Scalars['String']['output']>>;
  /** The command (STDIO; admins only). */
  command?: Maybe<Scalars['String']['output']>;
  /** Names of the environment variables it gets (values hidden). */
  envNames: Array<Scalars['String']['output']>;
  /** Names of the headers it gets (values hidden). */
  headerNames: Array<Scalars['String']['output']>;
  /** How it answered last (listing `tools` refreshes it). */
  health: McpServerHealth;
  /** Its ID, for `deleteMcpServer`. */
  id: Scalars['ID']['output'];
  /** Its name, the prefix of its tools' names. */
  name: Scalars['String']['output'];
  /** Its tools, as the model is offered them. */
  tools: Array<ToolDefinition>;
  /** STDIO or HTTP. */
  transport: McpTransport;
  /** The endpoint (HTTP; admins only). */
  url?: Maybe<Scalars['String']['output']>;
};

/** How an MCP server answered last. */
export type McpServerHealth = {
  __typename?: 'McpServerHealth';
  /** What happened, or what is wrong. */
  detail: Scalars['String']['output'];
  /** Its last listing or call worked; null before any. */
  ok?: Maybe<Scalars['Boolean']['output']>;
  /** Tools it listed last. */
  toolCount?: Maybe<Scalars['Int']['output']>;
};

/** The registered server, or why not. */
export type McpServerResult = ConflictError | McpServer | ValidationError;

/** How Switchboard talks to an MCP server. */
export type McpTransport =
  /** Streamable HTTP at `url`. */
  | 'HTTP'
  /** Starts `command` with `args` and speaks over its stdin/stdout. */
  | 'STDIO';

/** What kind of content it is. */
export type MediaType =
  /** Audio: metadata only (duration, channels), not text-indexed. */
  | 'AUDIO'
  /** PDF and DOCX documents; PDF pages without a text layer (scans) are read by OCR. */
  | 'DOCUMENT'
  /** Caller-supplied vectors with their text. */
  | 'EMBEDDING'
  /** Images: text-indexed by the text OCR finds in them and, when `models.caption` is set, a caption from a vision model. An image with neither is stored READY with no chunks. */
  | 'IMAGE'
  /** Plain text, markdown, HTML, CSV, JSON. */
  | 'TEXT'
  /** Video: metadata only (duration), not text-indexed. */
  | 'VIDEO';

/** What clearMemories removed. */
export type MemoriesCleared = {
  __typename?: 'MemoriesCleared';
  /** Memories deleted (with their vectors). */
  count: Scalars['Int']['output'];
};

/** Something an agent remembers, with where it came from. Vector-indexed and searchable. */
export type Memory = Node & {
  __typename?: 'Memory';
  /** The agent it belongs to. */
  agent: Agent;
  /** When it was first remembered (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Model its vector was made with. */
  embeddingModel?: Maybe<Scalars['String']['output']>;
  /** When it is forgotten (UTC), if ever. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** What it is. */
  kind: MemoryKind;
  /** How many times it was proposed; duplicates merge into one memory. */
  mentions: Scalars['Int']['output'];
  /** The message it was first taken from (null if written directly or deleted). */
  sourceMessage?: Maybe<Message>;
  /** Every message that said it, oldest first (deleted ones left out). */
  sources: Array<Message>;
  /** What is remembered. */
  text: Scalars['String']['output'];
  /** When it last changed or was mentioned again (UTC). */
  updatedAt: Scalars['DateTime']['output'];
};

/** A page of items in stable (creation time, id) order. */
export type MemoryConnection = {
  __typename?: 'MemoryConnection';
  /** The items of this page with their cursors. */
  edges: Array<MemoryEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<Memory>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type MemoryEdge = {
  __typename?: 'MemoryEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Memory;
};

/** Narrows a memory list; all given conditions must hold. */
export type MemoryFilter = {
  /** Only this agent's memories. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Also memories past their expiry that cleanup has not removed yet. */
  includeExpired?: Scalars['Boolean']['input'];
  /** Only these kinds. */
  kinds?: InputMaybe<Array<MemoryKind>>;
};

/** A memory that matched a search. */
export type MemoryHit = {
  __typename?: 'MemoryHit';
  /** The memory. */
  memory: Memory;
  /** Relevance; comparable only within one search and mode. */
  score: Scalars['Float']['output'];
};

/** What a memory is. */
export type MemoryKind =
  /** A summary of an older conversation. */
  | 'CONVERSATION'
  /** A fact worth keeping. */
  | 'FACT'
  /** About the user: name, preferences, circumstances. */
  | 'PROFILE';

/** The memory, or why the change was refused. */
export type MemoryResult = Memory | NotFoundError | ValidationError;

/** A memory search. */
export type MemorySearchInput = {
  /** Only this agent's memories. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Only these kinds. */
  kinds?: InputMaybe<Array<MemoryKind>>;
  /** Most hits to return (1-100). */
  limit?: Scalars['Int']['input'];
  /** How to match. */
  mode?: SearchMode;
  /** What to look for. */
  query: Scalars['String']['input'];
};

/** One message in a conversation. */
export type Message = Node & {
  __typename?: 'Message';
  /** The files a user message carries, in order (empty for most messages). */
  attachments: Array<MessageAttachment>;
  /** What this reply was given to read (content chunks and memories), best first; empty when the agent does not use retrieval. */
  citations: Array<Citation>;
  /** The text. */
  content: Scalars['String']['output'];
  /** The conversation it belongs to. */
  conversation: Conversation;
  /** When it was written (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Why generation failed, when it did. */
  error?: Maybe<Scalars['String']['output']>;
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** Model that generated it, as 'provider:model'. */
  model?: Maybe<Scalars['String']['output']>;
  /** The message this one answers (for regenerated replies), if any. */
  parent?: Maybe<Message>;
  /** Who wrote it. */
  role: MessageRole;
  /** Generation status (COMPLETE for written messages). */
  status: MessageStatus;
  /** For a TOOL message: the call it answers. */
  toolCallId?: Maybe<Scalars['String']['output']>;
  /** Tools this assistant message calls (empty for most messages); the agent loop runs them. */
  toolCalls: Array<ToolCall>;
  /** For a TOOL message: the call failed and this is its error. */
  toolError: Scalars['Boolean']['output'];
  /** For a TOOL message: the tool that produced it. */
  toolName?: Maybe<Scalars['String']['output']>;
  /** Token counts, for generated messages. */
  usage?: Maybe<MessageUsage>;
};

/** A message was added to the conversation (user turn or a new reply). */
export type MessageAdded = {
  __typename?: 'MessageAdded';
  /** The new message. */
  message: Message;
};

/** A file a user message carries to the model: an image (for models that can see) or a document (providers that take files get it whole, others its extracted text). Its bytes are a stored Content. */
export type MessageAttachment = {
  __typename?: 'MessageAttachment';
  /** The stored content with the file (null once that content is deleted). */
  content?: Maybe<Content>;
  /** Its kind: IMAGE, TEXT or DOCUMENT. */
  mediaType: MediaType;
  /** Its detected MIME type, e.g. image/png or application/pdf. */
  mimeType: Scalars['String']['output'];
  /** The file's name (or the content's title). */
  name: Scalars['String']['output'];
  /** Its size in bytes. */
  sizeBytes: Scalars['Int']['output'];
};

/** A page of items in stable (creation time, id) order. */
export type MessageConnection = {
  __typename?: 'MessageConnection';
  /** The items of this page with their cursors. */
  edges: Array<MessageEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<Message>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type MessageEdge = {
  __typename?: 'MessageEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Message;
};

/** The message, or why it was refused. */
export type MessageResult = Message | NotFoundError | ValidationError;

/** Who wrote a message. */
export type MessageRole =
  /** The model. */
  | 'ASSISTANT'
  /** Instructions to the model. */
  | 'SYSTEM'
  /** A tool's output. */
  | 'TOOL'
  /** The person. */
  | 'USER';

/** Where a message is in its life. */
export type MessageStatus =
  /** Stopped by a cancel; partial text kept. */
  | 'CANCELLED'
  /** Finished normally. */
  | 'COMPLETE'
  /** Generation failed; see `error`. */
  | 'FAILED'
  /** Being generated (queued or receiving tokens). */
  | 'STREAMING';

/** Token counts of a generated message. */
export type MessageUsage = {
  __typename?: 'MessageUsage';
  /** Tokens generated. */
  completionTokens?: Maybe<Scalars['Int']['output']>;
  /** Tokens in the prompt. */
  promptTokens?: Maybe<Scalars['Int']['output']>;
};

/** A model was removed from its provider. */
export type ModelDeleted = {
  __typename?: 'ModelDeleted';
  /** The removed model, 'provider:model'. */
  name: Scalars['String']['output'];
};

/** A model a provider offers. */
export type ModelDetails = {
  __typename?: 'ModelDetails';
  /** What the model can do, in its provider's words: 'completion', 'vision' (reads images), 'documents' (reads PDFs whole), 'tools', ... (Ollama's /api/show list; every current Anthropic model reads images and PDFs; the embedded llama.cpp models are text-only). */
  capabilities: Array<Scalars['String']['output']>;
  /** Context window in tokens. */
  contextLength?: Maybe<Scalars['Int']['output']>;
  /** Model family. */
  family?: Maybe<Scalars['String']['output']>;
  /** 'provider:model', usable as an agent's or message's model. */
  name: Scalars['String']['output'];
  /** Parameter count, e.g. '3B'. */
  parameterSize?: Maybe<Scalars['String']['output']>;
  /** Provider name. */
  provider: Scalars['String']['output'];
  /** Quantization, e.g. 'Q4_K_M'. */
  quantization?: Maybe<Scalars['String']['output']>;
  /** Size on disk. */
  sizeBytes?: Maybe<Scalars['Float']['output']>;
  /** Whether it can see images a message carries. */
  vision: Scalars['Boolean']['output'];
};

/** Default models, as 'provider:model'. */
export type ModelsConfig = {
  __typename?: 'ModelsConfig';
  /** The vision model that captions images during ingestion (the caption is indexed beside the image's OCR text); null: images are indexed by their OCR text only. */
  caption?: Maybe<Scalars['String']['output']>;
  /** Default chat model. */
  chat: Scalars['String']['output'];
  /** The embedding model search and ingestion use: the configured one, or (unset) the one the existing vectors were built with, or local:all-minilm-l6-v2 for a deployment with none yet. */
  embedding: Scalars['String']['output'];
  /** The configured vision model (MULTIMODAL agents' default); null: the first installed model that can see images is used. */
  vision?: Maybe<Scalars['String']['output']>;
};

/** Default model changes. */
export type ModelsConfigInput = {
  /** Vision model that captions images during ingestion, as 'provider:model'; an empty string turns captions off. */
  caption?: InputMaybe<Scalars['String']['input']>;
  /** Default chat model. */
  chat?: InputMaybe<Scalars['String']['input']>;
  /** Default embedding model. */
  embedding?: InputMaybe<Scalars['String']['input']>;
  /** Default vision model ('' unsets it). */
  vision?: InputMaybe<Scalars['String']['input']>;
};

/** Everything you can change. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Store a vector you computed, with its text (media type EMBEDDING). It must be in the configured embedding model's space; it is searchable at once. */
  addEmbedding: ContentAddedResult;
  /** Store text or markdown and queue its ingestion (an INGEST run). */
  addText: ContentAddedResult;
  /** Give a client tool's result to a WAITING run (only its owner or an admin). */
  answerToolCall: ToolAnswerResult;
  /** Append a message as written (no generation); for imports, tools and tests. */
  appendMessage: MessageResult;
  /** Let a call of an ASK tool run (only the run's owner or an admin). */
  approveToolCall: ToolAnswerResult;
  /** Cancel a run: a queued one leaves the queue; a running one stops, keeping its partial output. */
  cancelRun: CancelRunResult;
  /** Remove every message of a conversation, cancelling replies being generated. */
  clearConversation: ClearConversationResult;
  /** A retention policy: delete an agent's memories, optionally only some kinds or those created before a time. */
  clearMemories: ClearMemoriesResult;
  /** Create an agent, optionally from a template. */
  createAgent: AgentResult;
  /** Create an API key for scripts and servers; its secret is shown once. */
  createApiKey: ApiKeyResult;
  /** Save a generation template. The body must compile and read only declared variables (and `item`, `index`). */
  createGenerationTemplate: GenerationTemplateResult;
  /** Remember something for an agent; it is embedded and searchable at once. */
  createMemory: MemoryResult;
  /** Create a test suite. */
  createTestSuite: TestSuiteResult;
  /** Delete an agent with all its conversations and messages. */
  deleteAgent: DeleteResult;
  /** Delete a content with its chunks, its vectors and (when no longer used) its file. */
  deleteContent: DeleteResult;
  /** Delete a conversation and its messages. */
  deleteConversation: DeleteResult;
  /** Delete a template. Its runs stay (each keeps the body it rendered). */
  deleteGenerationTemplate: DeleteResult;
  /** Remove an MCP server (admins). */
  deleteMcpServer: McpDeleteResult;
  /** Forget a memory (its vector goes too). */
  deleteMemory: DeleteResult;
  /** Remove a downloaded Ollama model (admin only). */
  deleteModel: DeleteModelResult;
  /** Delete a suite. Its runs stay (each keeps the cases it ran). */
  deleteTestSuite: DeleteResult;
  /** Refuse a call of an ASK tool; the model reads the refusal as its result. */
  denyToolCall: ToolAnswerResult;
  /** Import an agent file as a new agent (new IDs, all or nothing); versions 1 to 3 are read. Its contents are queued for ingestion (INGEST runs) and its memories embedded by a REINDEX run, with this server's embedding model. */
  importAgent: ImportAgentResult;
  /** Create a template from a `generationTemplateExport` document (new ID); every field is checked as `createGenerationTemplate` checks it, and a problem names its path in the document. */
  importGenerationTemplate: ImportGenerationTemplateResult;
  /** Create a suite from a `testSuiteExport` document (new ID); all or nothing. */
  importTestSuite: ImportTestSuiteResult;
  /** Log in with a username and password: a new session. Failed attempts are throttled per account and per client address (RATE_LIMITED with `retryAfter`); see also the OAuth2 endpoint `POST /oauth/token`. */
  login: AuthResult;
  /** Sign out the session this request's token belongs to, or every one of your sessions. */
  logout: LoggedOut;
  /** Download an Ollama model (admin only). Returns a MODEL_PULL run at once; follow it with `runEvents` (RunProgress: done/total in KiB, message is Ollama's status) and stop it with `cancelRun`. */
  pullModel: PullModelResult;
  /** Trade a refresh token for new tokens; each refresh token works once. */
  refreshToken: AuthResult;
  /** Generate a new reply to the same user turn; the old reply is kept. */
  regenerateMessage: ChatTurnResult;
  /** Create an account and log in. The first account becomes the admin. */
  register: AuthResult;
  /** Register an MCP tool server (admins); agents may then list its tools as `<name>__<tool>`. */
  registerMcpServer: McpServerResult;
  /** Re-embed your contents and memories with an embedding model (a REINDEX run): by default the current one. Only those indexed with another model, unless `force`. With `model` while `models.embedding` is unset, search stays on the current model until the run succeeds and nothing is left on it; then the new model takes over (how a deployment moves to a new default embedder). */
  reindex: ReindexResult;
  /** Re-read the config file; runtime sections apply at once (admin). */
  reloadConfig: ConfigResult;
  /** Rename a conversation. */
  renameConversation: ConversationResult;
  /** Queue a FAILED or CANCELLED TEST, BENCHMARK or GENERATION run again, as the same run: the items it stored are kept and skipped, the rest run. Follow it with `runEvents(after: lastSeq)`. */
  resumeRun: ResumeRunResult;
  /** Revoke one of your API keys. */
  revokeApiKey: DeleteResult;
  /** Sign out one of your sessions: its refresh token stops working, and its access tokens fail from their next request. */
  revokeSession: DeleteResult;
  /** Send a user message; returns it, the STREAMING reply and its CHAT run at once. */
  sendMessage: ChatTurnResult;
  /** Back up the whole server into one artifact (admin only): database, vectors, content files and the config without secrets. Returns a BACKUP run at once; follow it with `runEvents` (RunProgress per step). When it SUCCEEDED, its `result` has `download` (GET it with the same credentials), `sizeBytes`, `sha256` and counts. Restore with `switchboard restore FILE` into an empty data directory. */
  startBackup: StartBackupResult;
  /** Measure models (a BENCHMARK run): time to first token, tokens/s and latency p50/p95, errors, with the hardware and model details. Progress and each measured request stream on `runEvents`. */
  startBenchmark: StartRunResult;
  /** Apply the retention policies in the config's [retention] section (admin only): compact old runs' token deltas, delete old runs, contents and conversations. With `dryRun` nothing changes and the run's `result` says what would be removed. Returns a CLEANUP run at once. */
  startCleanup: StartCleanupResult;
  /** Start a conversation with an agent. */
  startConversation: ConversationResult;
  /** Generate one output per item (a GENERATION run) from an inline template or a saved one. Every item is rendered first: a missing variable is a ValidationError naming the item, and nothing starts. */
  startGeneration: StartRunResult;
  /** Queue a TEST run: every case against every target, `repeats` times. Follow it with `runEvents` (RunItemFinished per case, RunProgress); `Run.report` has the pass rate per target. */
  startTestRun: StartTestRunResult;
  /** Change an agent; omitted fields stay as they are. */
  updateAgent: AgentResult;
  /** Apply and persist a configuration change (admin). */
  updateConfig: ConfigResult;
  /** Change a content's title or metadata. */
  updateContent: ContentResult;
  /** Change a template (`variables` replaces them all; the body is checked against them again). Runs already started keep the body they rendered. */
  updateGenerationTemplate: GenerationTemplateResult;
  /** Change a memory's text, kind or expiry. */
  updateMemory: MemoryResult;
  /** Change a suite's name, description or cases (`cases` replaces them all). */
  updateTestSuite: TestSuiteResult;
  /** Upload a file through the GraphQL multipart request spec (send an `apollo-require-preflight` or `x-apollo-operation-name` header). Text is extracted from txt, md, html, pdf, docx, csv and json. */
  uploadContent: ContentAddedResult;
  /** Check a configuration change without applying it (admin). */
  validateConfig: ConfigValidation;
};


/** Everything you can change. */
export type MutationAddEmbeddingArgs = {
  input: AddEmbeddingInput;
};


/** Everything you can change. */
export type MutationAddTextArgs = {
  input: AddTextInput;
};


/** Everything you can change. */
export type MutationAnswerToolCallArgs = {
  input: AnswerToolCallInput;
};


/** Everything you can change. */
export type MutationAppendMessageArgs = {
  input: AppendMessageInput;
};


/** Everything you can change. */
export type MutationApproveToolCallArgs = {
  callId: Scalars['String']['input'];
  runId: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationCancelRunArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationClearConversationArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationClearMemoriesArgs = {
  agentId: Scalars['ID']['input'];
  kinds?: InputMaybe<Array<MemoryKind>>;
  olderThan?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Everything you can change. */
export type MutationCreateAgentArgs = {
  input: CreateAgentInput;
};


/** Everything you can change. */
export type MutationCreateApiKeyArgs = {
  name: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationCreateGenerationTemplateArgs = {
  input: CreateGenerationTemplateInput;
};


/** Everything you can change. */
export type MutationCreateMemoryArgs = {
  input: CreateMemoryInput;
};


/** Everything you can change. */
export type MutationCreateTestSuiteArgs = {
  input: CreateTestSuiteInput;
};


/** Everything you can change. */
export type MutationDeleteAgentArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationDeleteContentArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationDeleteConversationArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationDeleteGenerationTemplateArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationDeleteMcpServerArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationDeleteMemoryArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationDeleteModelArgs = {
  name: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationDeleteTestSuiteArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationDenyToolCallArgs = {
  callId: Scalars['String']['input'];
  reason?: InputMaybe<Scalars['String']['input']>;
  runId: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationImportAgentArgs = {
  input: ImportAgentInput;
};


/** Everything you can change. */
export type MutationImportGenerationTemplateArgs = {
  document: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationImportTestSuiteArgs = {
  document: Scalars['String']['input'];
  format?: SuiteFormat;
};


/** Everything you can change. */
export type MutationLoginArgs = {
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationLogoutArgs = {
  everywhere?: Scalars['Boolean']['input'];
};


/** Everything you can change. */
export type MutationPullModelArgs = {
  name: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationRefreshTokenArgs = {
  refreshToken: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationRegenerateMessageArgs = {
  id: Scalars['ID']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
  priority?: Scalars['Int']['input'];
};


/** Everything you can change. */
export type MutationRegisterArgs = {
  password: Scalars['String']['input'];
  username: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationRegisterMcpServerArgs = {
  input: RegisterMcpServerInput;
};


/** Everything you can change. */
export type MutationReindexArgs = {
  force?: Scalars['Boolean']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
};


/** Everything you can change. */
export type MutationRenameConversationArgs = {
  id: Scalars['ID']['input'];
  title: Scalars['String']['input'];
};


/** Everything you can change. */
export type MutationResumeRunArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationRevokeSessionArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can change. */
export type MutationSendMessageArgs = {
  input: SendMessageInput;
};


/** Everything you can change. */
export type MutationStartBenchmarkArgs = {
  input: BenchmarkInput;
};


/** Everything you can change. */
export type MutationStartCleanupArgs = {
  dryRun?: Scalars['Boolean']['input'];
};


/** Everything you can change. */
export type MutationStartConversationArgs = {
  input: StartConversationInput;
};


/** Everything you can change. */
export type MutationStartGenerationArgs = {
  input: GenerationInput;
};


/** Everything you can change. */
export type MutationStartTestRunArgs = {
  input: StartTestRunInput;
};


/** Everything you can change. */
export type MutationUpdateAgentArgs = {
  id: Scalars['ID']['input'];
  input: UpdateAgentInput;
};


/** Everything you can change. */
export type MutationUpdateConfigArgs = {
  input: ConfigInput;
};


/** Everything you can change. */
export type MutationUpdateContentArgs = {
  id: Scalars['ID']['input'];
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};


/** Everything you can change. */
export type MutationUpdateGenerationTemplateArgs = {
  id: Scalars['ID']['input'];
  input: UpdateGenerationTemplateInput;
};


/** Everything you can change. */
export type MutationUpdateMemoryArgs = {
  id: Scalars['ID']['input'];
  input: UpdateMemoryInput;
};


/** Everything you can change. */
export type MutationUpdateTestSuiteArgs = {
  id: Scalars['ID']['input'];
  input: UpdateTestSuiteInput;
};


/** Everything you can change. */
export type MutationUploadContentArgs = {
  file: Scalars['Upload']['input'];
  input?: InputMaybe<UploadContentInput>;
};


/** Everything you can change. */
export type MutationValidateConfigArgs = {
  input: ConfigInput;
};

/** An object with a globally unique ID, fetchable with `node(id:)`. */
export type Node = {
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
};

/** The object does not exist or is not yours; nothing was changed. */
export type NotFoundError = Error & {
  __typename?: 'NotFoundError';
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** The ID that was looked up. */
  id: Scalars['ID']['output'];
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

/** Where a page sits in its connection (Relay cursor connections). */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge, for `after`. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More items follow the last edge. */
  hasNextPage: Scalars['Boolean']['output'];
  /** More items precede the first edge. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge, for `before`. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** A tool call a WAITING run waits for. */
export type PendingToolCall = {
  __typename?: 'PendingToolCall';
  /** The call's id. */
  callId: Scalars['String']['output'];
  /** The arguments (valid for the tool's input schema). */
  input: Scalars['JSON']['output'];
  /** The assistant message carrying the call. */
  messageId: Scalars['ID']['output'];
  /** The tool called. */
  name: Scalars['String']['output'];
  /** What it waits for. */
  reason: ToolWaitReason;
  /** When it times out (it is then answered with an error). */
  until: Scalars['DateTime']['output'];
};

/** The median and 95th percentile of a measurement. */
export type Percentiles = {
  __typename?: 'Percentiles';
  /** Median. */
  p50?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile. */
  p95?: Maybe<Scalars['Float']['output']>;
};

/** Whether a provider is reachable. */
export type ProviderStatus = {
  __typename?: 'ProviderStatus';
  /** What was found, or what is wrong. */
  detail: Scalars['String']['output'];
  /** Provider name. */
  name: Scalars['String']['output'];
  /** Reachable and configured. */
  ok: Scalars['Boolean']['output'];
};

/** Where you stand today (UTC) on one provider: tokens your finished runs spent, and your quota. */
export type ProviderUsage = {
  __typename?: 'ProviderUsage';
  /** Completion tokens spent today. */
  completionTokens: Scalars['Int']['output'];
  /** Tokens you may spend per day here; null: unlimited. */
  dailyQuota?: Maybe<Scalars['Int']['output']>;
  /** The UTC day counted. */
  day: Scalars['Date']['output'];
  /** Prompt tokens spent today. */
  promptTokens: Scalars['Int']['output'];
  /** The provider (`local`, `ollama`, `anthropic`). */
  provider: Scalars['String']['output'];
  /** Tokens left today; null: unlimited. At 0, new runs here are refused (QUOTA_EXCEEDED). */
  remaining?: Maybe<Scalars['Int']['output']>;
  /** Finished runs counted today. */
  runs: Scalars['Int']['output'];
  /** Prompt plus completion tokens: what the quota counts. */
  totalTokens: Scalars['Int']['output'];
};

/** LLM provider endpoints and retry policy. */
export type ProvidersConfig = {
  __typename?: 'ProvidersConfig';
  /** Whether an Anthropic API key is configured. */
  anthropicApiKeySet: Scalars['Boolean']['output'];
  /** Anthropic API base URL override. */
  anthropicBaseUrl?: Maybe<Scalars['String']['output']>;
  /** Retries of transient provider failures. */
  maxRetries: Scalars['Int']['output'];
  /** Ollama server URL. */
  ollamaHost: Scalars['String']['output'];
  /** Timeout of one provider request. */
  requestTimeoutSeconds: Scalars['Float']['output'];
};

/** Provider changes; omitted fields stay. */
export type ProvidersConfigInput = {
  /** Anthropic API key (write-only). */
  anthropicApiKey?: InputMaybe<Scalars['String']['input']>;
  /** Anthropic API base URL. */
  anthropicBaseUrl?: InputMaybe<Scalars['String']['input']>;
  /** Retries of transient failures. */
  maxRetries?: InputMaybe<Scalars['Int']['input']>;
  /** Ollama server URL. */
  ollamaHost?: InputMaybe<Scalars['String']['input']>;
  /** Request timeout. */
  requestTimeoutSeconds?: InputMaybe<Scalars['Float']['input']>;
};

/** The MODEL_PULL run (QUEUED), or why it was refused. */
export type PullModelResult = Run | ValidationError;

/** Everything you can read. */
export type Query = {
  __typename?: 'Query';
  /** One of your agents by ID (NOT_FOUND if missing or not yours). */
  agent: Agent;
  /** The agent file: an agent with its conversations, messages (with their tool calls), memories and knowledge (each text-bearing content's text and metadata; no vectors) as one JSON document (version 3), for `importAgent`. */
  agentExport: Scalars['JSON']['output'];
  /** The built-in agent templates and their defaults. */
  agentTemplates: Array<AgentTemplate>;
  /** Your agents, oldest first, optionally filtered. */
  agents: AgentConnection;
  /** Your API keys (without their secrets). */
  apiKeys: Array<ApiKey>;
  /** Every tool an agent can be given, with its input's JSON Schema: the built-in ones, then those of the registered MCP servers that answer. */
  availableTools: Array<ToolDefinition>;
  /** The built-in benchmark prompt sets and their prompts. */
  benchmarkPromptSets: Scalars['JSON']['output'];
  /** BENCHMARK runs side by side: one row per (run, model), in the order of `ids`, then the models' order in each run. Optionally only some models. */
  compareBenchmarks: Array<BenchmarkComparisonRow>;
  /** TEST runs side by side: each target's pass rate per run, and each case per run and target (pass/fail, an output snippet, the failure reasons). */
  compareTestRuns: TestComparison;
  /** The running configuration (admin): paths, database and endpoints; secrets show only whether they are set. Other users read `serverInfo`. */
  config: Config;
  /** One of your contents by ID. */
  content: Content;
  /** Your contents, oldest first, optionally filtered. */
  contents: ContentConnection;
  /** One of your conversations by ID (NOT_FOUND if missing or not yours). */
  conversation: Conversation;
  /** Your conversations, oldest first, optionally for one agent. */
  conversations: ConversationConnection;
  /** One of your generation templates by ID. */
  generationTemplate: GenerationTemplate;
  /** A template as a JSON document (`{format: switchboard.generation-template, version: 1, template}`), for `importGenerationTemplate`. */
  generationTemplateExport: Scalars['String']['output'];
  /** Your generation templates, oldest first. */
  generationTemplates: GenerationTemplateConnection;
  /** The machine the server runs on: CPU, memory, GPUs and the llama.cpp build. */
  hardware: Hardware;
  /** How much of your knowledge is indexed with the current embedding model. */
  indexStatus: IndexStatus;
  /** The registered MCP servers, with their health and tools (listed now, or from a minute's cache). */
  mcpServers: Array<McpServer>;
  /** The user this request acts as. */
  me: User;
  /** Your memories, oldest first, optionally filtered. Expired ones are left out. */
  memories: MemoryConnection;
  /** One of your memories by ID. */
  memory: Memory;
  /** One message by ID (NOT_FOUND if missing or not yours). */
  message: Message;
  /** Every model the reachable providers offer. */
  models: Array<ModelDetails>;
  /** Any object by its global ID (NOT_FOUND if missing or not yours). */
  node?: Maybe<Node>;
  /** Objects by global ID, in the order given; missing ones are null with an error. */
  nodes: Array<Maybe<Node>>;
  /** Always true; a cheap liveness probe through GraphQL. */
  ok: Scalars['Boolean']['output'];
  /** Each provider's health. */
  providers: Array<ProviderStatus>;
  /** One of your runs by ID. */
  run: Run;
  /** A run's stored events after `after`, oldest first (at most 1000). */
  runEventLog: Array<RunEvent>;
  /** A run and its items as CSV or JSON text (also downloadable at GET /runs/<id>/export.csv|json). */
  runExport: Scalars['String']['output'];
  /** Your runs, oldest first. */
  runs: RunConnection;
  /** Search your content: dense, sparse (BM25-style) or hybrid (RRF), with filters. */
  search: Array<SearchHit>;
  /** Search your memories by meaning, words or both. */
  searchMemories: Array<MemoryHit>;
  /** Auth mode, registration and the limits a client needs; open to everyone. */
  serverInfo: ServerInfo;
  /** The most recent lines of this server process's log (admin), oldest first. Each replica keeps its own; secrets are redacted before a line is kept. */
  serverLogs: Array<LogLine>;
  /** Your logins that are still signed in, most recently used first; `current` marks this one. */
  sessions: Array<Session>;
  /** What the server holds and does (admin): rows per table, bytes on disk, queue depth per provider, runs by kind and status, tokens by user, model and day. */
  stats: Stats;
  /** One of your test suites by ID. */
  testSuite: TestSuite;
  /** A suite as a JSON or YAML document (`{format: switchboard.test-suite, version: 1, suite}`), for `importTestSuite`. */
  testSuiteExport: Scalars['String']['output'];
  /** Your test suites, oldest first. */
  testSuites: TestSuiteConnection;
};


/** Everything you can read. */
export type QueryAgentArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryAgentExportArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryAgentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AgentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything you can read. */
export type QueryCompareBenchmarksArgs = {
  ids: Array<Scalars['ID']['input']>;
  models?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** Everything you can read. */
export type QueryCompareTestRunsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** Everything you can read. */
export type QueryContentArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryContentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ContentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything you can read. */
export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryConversationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ConversationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything you can read. */
export type QueryGenerationTemplateArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryGenerationTemplateExportArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryGenerationTemplatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<GenerationTemplateFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything you can read. */
export type QueryMemoriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<MemoryFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything you can read. */
export type QueryMemoryArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryMessageArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/** Everything you can read. */
export type QueryRunArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryRunEventLogArgs = {
  after?: Scalars['Int']['input'];
  runId: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryRunExportArgs = {
  format?: ExportFormat;
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryRunsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<RunFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/** Everything you can read. */
export type QuerySearchArgs = {
  input: SearchInput;
};


/** Everything you can read. */
export type QuerySearchMemoriesArgs = {
  input: MemorySearchInput;
};


/** Everything you can read. */
export type QueryServerLogsArgs = {
  level?: LogLevel;
  limit?: Scalars['Int']['input'];
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Everything you can read. */
export type QueryStatsArgs = {
  days?: Scalars['Int']['input'];
  limit?: Scalars['Int']['input'];
};


/** Everything you can read. */
export type QueryTestSuiteArgs = {
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryTestSuiteExportArgs = {
  format?: SuiteFormat;
  id: Scalars['ID']['input'];
};


/** Everything you can read. */
export type QueryTestSuitesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TestSuiteFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** Runs waiting and running for one provider queue. */
export type QueueDepth = {
  __typename?: 'QueueDepth';
  /** The queue: 'local', 'ollama', 'anthropic' or 'model_pull'. */
  provider: Scalars['String']['output'];
  /** Runs waiting. */
  queued: Scalars['Int']['output'];
  /** Runs executing (on any process). */
  running: Scalars['Int']['output'];
};

/** The run moved in its provider's queue. */
export type QueuePositionChanged = RunEvent & {
  __typename?: 'QueuePositionChanged';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** 1-based place in the queue. */
  position: Scalars['Int']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** An MCP server to register: `command` (+ `args`, `env`) for stdio, or `url` (+ `headers`). */
export type RegisterMcpServerInput = {
  /** STDIO: its arguments. */
  args?: InputMaybe<Array<Scalars['String']['input']>>;
  /** STDIO: the executable. */
  command?: InputMaybe<Scalars['String']['input']>;
  /** STDIO: environment variables (secret). */
  env?: InputMaybe<Scalars['JSON']['input']>;
  /** HTTP: request headers (secret). */
  headers?: InputMaybe<Scalars['JSON']['input']>;
  /** 2-32 lowercase letters, digits and _; its tools are `<name>__<tool>`. */
  name: Scalars['String']['input'];
  /** HTTP: the streamable-HTTP endpoint. */
  url?: InputMaybe<Scalars['String']['input']>;
};

/** The REINDEX run, or why none was started. */
export type ReindexResult = Run | ValidationError;

/** The run, queued again, or why it cannot be resumed. */
export type ResumeRunResult = NotFoundError | Run | ValidationError;

/** Knowledge chunking and retrieval settings. */
export type RetrievalConfig = {
  __typename?: 'RetrievalConfig';
  /** Tokens shared by neighbouring chunks: the configured value, or (unset) a tenth of the chunk size. */
  chunkOverlap: Scalars['Int']['output'];
  /** Most tokens per chunk, in the embedding model's tokenizer: the configured value, or (unset) what the model's window holds, at most 400. */
  chunkSize: Scalars['Int']['output'];
  /** Most of a prompt's token budget retrieved text may fill. */
  contextShare: Scalars['Float']['output'];
  /** How often expired memories are deleted. */
  memoryCleanupSeconds: Scalars['Float']['output'];
  /** Dense similarity at which an extracted memory merges into an existing one. */
  memoryMergeThreshold: Scalars['Float']['output'];
  /** Minimum score of a retrieved item. */
  scoreThreshold: Scalars['Float']['output'];
  /** Chunks and memories retrieved per question. */
  topK: Scalars['Int']['output'];
};

/** Retrieval changes. */
export type RetrievalConfigInput = {
  /** Tokens of overlap. */
  chunkOverlap?: InputMaybe<Scalars['Int']['input']>;
  /** Most tokens per chunk; refused if the embedding model's window cannot hold it. */
  chunkSize?: InputMaybe<Scalars['Int']['input']>;
  /** Share of the prompt for retrieval. */
  contextShare?: InputMaybe<Scalars['Float']['input']>;
  /** Expiry cleanup interval. */
  memoryCleanupSeconds?: InputMaybe<Scalars['Float']['input']>;
  /** Similarity that merges. */
  memoryMergeThreshold?: InputMaybe<Scalars['Float']['input']>;
  /** Minimum score. */
  scoreThreshold?: InputMaybe<Scalars['Float']['input']>;
  /** Items retrieved per question. */
  topK?: InputMaybe<Scalars['Int']['input']>;
};

/** What an agent reads before it answers, and whether it keeps memories. */
export type RetrievalOptions = {
  __typename?: 'RetrievalOptions';
  /** After each reply, a model proposes facts worth keeping as memories (off by default). */
  extractMemories: Scalars['Boolean']['output'];
  /** Whose contents: the agent's, or all yours. */
  knowledgeScope: KnowledgeScope;
  /** Model that proposes memories; null: the agent's model. */
  memoryModel?: Maybe<Scalars['String']['output']>;
  /** How retrieval matches the user's message. */
  mode: SearchMode;
  /** Hits scoring below are not used (in the search mode's units); null: config default. */
  scoreThreshold?: Maybe<Scalars['Float']['output']>;
  /** Most chunks and most memories per turn; null: config default. */
  topK?: Maybe<Scalars['Int']['output']>;
  /** Retrieve content chunks into the prompt. */
  useKnowledge: Scalars['Boolean']['output'];
  /** Retrieve the agent's memories into the prompt. */
  useMemory: Scalars['Boolean']['output'];
};

/** Retrieval settings; omitted ones take their defaults (everything off). */
export type RetrievalOptionsInput = {
  /** Propose memories after each reply. */
  extractMemories?: Scalars['Boolean']['input'];
  /** The agent's contents, or all yours. */
  knowledgeScope?: KnowledgeScope;
  /** Model that proposes memories. */
  memoryModel?: InputMaybe<Scalars['String']['input']>;
  /** How retrieval matches. */
  mode?: SearchMode;
  /** Minimum score of a used hit. */
  scoreThreshold?: InputMaybe<Scalars['Float']['input']>;
  /** Most chunks and memories per turn (1-20). */
  topK?: InputMaybe<Scalars['Int']['input']>;
  /** Retrieve content chunks into the prompt. */
  useKnowledge?: Scalars['Boolean']['input'];
  /** Retrieve the agent's memories into the prompt. */
  useMemory?: Scalars['Boolean']['input'];
};

/** A transient provider failure; the request will be retried. */
export type RetryScheduled = RunEvent & {
  __typename?: 'RetryScheduled';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** Retry number, from 1. */
  attempt: Scalars['Int']['output'];
  /** Wait before the retry. */
  delaySeconds: Scalars['Float']['output'];
  /** What failed. */
  reason: Scalars['String']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** What a user may do. */
export type Role =
  /** Sees and manages everything, including config. */
  | 'ADMIN'
  /** Sees and manages only their own data. */
  | 'USER';

/** A long job with an ordered event log you can follow with `runEvents`. */
export type Run = Node & {
  __typename?: 'Run';
  /** The agent the run works for. */
  agent?: Maybe<Agent>;
  /** The model that produced the output: `model`, or the fallback that answered when it failed before its first token (see the `FallbackUsed` event). Null until a model answers. */
  answeredBy?: Maybe<Scalars['String']['output']>;
  /** The conversation of a CHAT run. */
  conversation?: Maybe<Conversation>;
  /** When it was queued (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Why it failed. */
  error?: Maybe<Scalars['String']['output']>;
  /** When it ended (UTC). */
  finishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** Per-unit results of a batch run (TEST, BENCHMARK, GENERATION), in the order they finished. */
  items: RunItemConnection;
  /** What the run does. */
  kind: RunKind;
  /** Seq of its latest event; resume `runEvents` after it. */
  lastSeq: Scalars['Int']['output'];
  /** The message a CHAT run writes. */
  message?: Maybe<Message>;
  /** Model used, 'provider:model'. */
  model?: Maybe<Scalars['String']['output']>;
  /** The tool calls a WAITING run waits for (empty otherwise). */
  pendingToolCalls: Array<PendingToolCall>;
  /** 1 (highest) to 10. */
  priority: Scalars['Int']['output'];
  /** Fraction done, 0 to 1, when known. */
  progress?: Maybe<Scalars['Float']['output']>;
  /** 1-based place in its provider's queue while QUEUED. */
  queuePosition?: Maybe<Scalars['Int']['output']>;
  /** The typed result of a TEST, BENCHMARK or GENERATION run (null for other kinds). */
  report?: Maybe<RunReport>;
  /** Kind-specific result. */
  result?: Maybe<Scalars['JSON']['output']>;
  /** When it started running (UTC). */
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Current status. */
  status: RunStatus;
  /** Tokens and speed. */
  usage: RunUsage;
};


/** A long job with an ordered event log you can follow with `runEvents`. */
export type RunItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** Retention compacted the run's token deltas from `fromSeq` to `toSeq` (this event's seq) into one text: replace whatever text you had for the run with `text`; the events after `toSeq` follow as usual. */
export type RunCompacted = RunEvent & {
  __typename?: 'RunCompacted';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The first seq the compacted range covered. */
  fromSeq: Scalars['Int']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
  /** The run's whole generated text. */
  text: Scalars['String']['output'];
  /** The last seq it covered (this event's own seq). */
  toSeq: Scalars['Int']['output'];
  /** The run's token counts and speed. */
  usage: RunUsage;
};

/** A page of items in stable (creation time, id) order. */
export type RunConnection = {
  __typename?: 'RunConnection';
  /** The items of this page with their cursors. */
  edges: Array<RunEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<Run>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** How many runs of a kind ended (or stand) in a status. */
export type RunCount = {
  __typename?: 'RunCount';
  /** How many. */
  count: Scalars['Int']['output'];
  /** The run kind, lower case: 'chat', 'ingest', ... */
  kind: Scalars['String']['output'];
  /** The status, lower case: 'queued', 'succeeded', ... */
  status: Scalars['String']['output'];
};

/** One item of a connection with its cursor. */
export type RunEdge = {
  __typename?: 'RunEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: Run;
};

/** One entry of a run's event log. `seq` counts 1, 2, 3, ... per run. */
export type RunEvent = {
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** Narrows a run list. */
export type RunFilter = {
  /** Only runs for this agent. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Only this conversation's runs. */
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  /** Only runs queued after this time. */
  createdAfter?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only runs of this kind. */
  kind?: InputMaybe<RunKind>;
  /** Only runs of this model ('provider:model'). */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Only runs in this status. */
  status?: InputMaybe<RunStatus>;
};

/** The run had already ended, so there was nothing to cancel. */
export type RunFinishedError = Error & {
  __typename?: 'RunFinishedError';
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
  /** How it ended. */
  status: RunStatus;
};

/** One unit of a batch run, stored as it finishes: a test case, an iteration, an item. */
export type RunItem = {
  __typename?: 'RunItem';
  /** Tokens generated. */
  completionTokens?: Maybe<Scalars['Int']['output']>;
  /** When it finished (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Kind-specific details, e.g. each assertion's result and reason. */
  details: Scalars['JSON']['output'];
  /** Why it failed. */
  error?: Maybe<Scalars['String']['output']>;
  /** Position in the run's plan, from 0. */
  index: Scalars['Int']['output'];
  /** What was sent (prompt, messages or the template's item). */
  input?: Maybe<Scalars['JSON']['output']>;
  /** The case name, prompt or item this is about. */
  key?: Maybe<Scalars['String']['output']>;
  /** From request to last token, in ms. */
  latencyMs?: Maybe<Scalars['Float']['output']>;
  /** The generated text. */
  output?: Maybe<Scalars['String']['output']>;
  /** Tokens in the prompt. */
  promptTokens?: Maybe<Scalars['Int']['output']>;
  /** How it ended. */
  status: RunItemStatus;
  /** What answered: 'provider:model' or 'agent:<id>'. */
  target?: Maybe<Scalars['String']['output']>;
  /** From request to first token, in ms. */
  timeToFirstTokenMs?: Maybe<Scalars['Float']['output']>;
  /** Generation speed after the first token. */
  tokensPerSecond?: Maybe<Scalars['Float']['output']>;
};

/** A page of items in stable (creation time, id) order. */
export type RunItemConnection = {
  __typename?: 'RunItemConnection';
  /** The items of this page with their cursors. */
  edges: Array<RunItemEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<RunItem>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type RunItemEdge = {
  __typename?: 'RunItemEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: RunItem;
};

/** A batch run finished one unit (test case, benchmark iteration, generated item). */
export type RunItemFinished = RunEvent & {
  __typename?: 'RunItemFinished';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The stored result. */
  item: RunItem;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** How one unit of a batch run ended. */
export type RunItemStatus =
  /** Stopped by a cancel; partial output kept. */
  | 'CANCELLED'
  /** The provider failed; see `error`. */
  | 'ERROR'
  /** A test case with at least one failed assertion. */
  | 'FAILED'
  /** A benchmark iteration or generated item that completed. */
  | 'OK'
  /** A test case whose assertions all held. */
  | 'PASSED';

/** What a run does. */
export type RunKind =
  /** Writes a backup artifact (admin); download it when done. */
  | 'BACKUP'
  /** A model benchmark. */
  | 'BENCHMARK'
  /** Generates an assistant reply. */
  | 'CHAT'
  /** Applies the retention policies, or reports them. */
  | 'CLEANUP'
  /** Batch generation over items. */
  | 'GENERATION'
  /** Content ingestion. */
  | 'INGEST'
  /** Proposes memories from a chat turn. */
  | 'MEMORY'
  /** Downloads a model. */
  | 'MODEL_PULL'
  /** Re-embeds contents and memories with the current model. */
  | 'REINDEX'
  /** A model test suite. */
  | 'TEST';

/** Progress of a long run. */
export type RunProgress = RunEvent & {
  __typename?: 'RunProgress';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** Units done. */
  done: Scalars['Int']['output'];
  /** done / total. */
  fraction?: Maybe<Scalars['Float']['output']>;
  /** What is happening. */
  message?: Maybe<Scalars['String']['output']>;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
  /** Units in all, when known. */
  total?: Maybe<Scalars['Int']['output']>;
};

/** A batch run's typed result, by kind. */
export type RunReport = BenchmarkResult | GenerationResult | TestRunResult;

/** Where a run is in its life. */
export type RunStatus =
  /** Cancelled; partial output kept. */
  | 'CANCELLED'
  /** Failed; see `error`. */
  | 'FAILED'
  /** Waiting in its provider's queue. */
  | 'QUEUED'
  /** Executing. */
  | 'RUNNING'
  /** Finished normally. */
  | 'SUCCEEDED'
  /** A CHAT run waits for a client tool's answer or a call's approval (`pendingToolCalls`). */
  | 'WAITING';

/** The run changed status; a final status is the last event. */
export type RunStatusChanged = RunEvent & {
  __typename?: 'RunStatusChanged';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** Why it failed, if it did. */
  error?: Maybe<Scalars['String']['output']>;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
  /** The new status. */
  status: RunStatus;
};

/** Token counts and speed of a run. */
export type RunUsage = {
  __typename?: 'RunUsage';
  /** Tokens generated. */
  completionTokens?: Maybe<Scalars['Int']['output']>;
  /** Tokens in the prompt. */
  promptTokens?: Maybe<Scalars['Int']['output']>;
  /** From start to the first token, in ms. */
  timeToFirstTokenMs?: Maybe<Scalars['Float']['output']>;
  /** Generation speed after the first token. */
  tokensPerSecond?: Maybe<Scalars['Float']['output']>;
};

/** Token counts and speed, sent when generation ends. */
export type RunUsageReported = RunEvent & {
  __typename?: 'RunUsageReported';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
  /** The figures. */
  usage: RunUsage;
};

/** A chunk of content that matched a search. */
export type SearchHit = {
  __typename?: 'SearchHit';
  /** Position of the chunk in its content, from 0. */
  chunkIndex: Scalars['Int']['output'];
  /** The content it comes from (with its agent). */
  content: Content;
  /** End offset (exclusive). */
  end: Scalars['Int']['output'];
  /** Relevance; comparable only within one search and mode. */
  score: Scalars['Float']['output'];
  /** Character offset of the chunk in the extracted text. */
  start: Scalars['Int']['output'];
  /** The matching chunk's text. */
  text: Scalars['String']['output'];
};

/** A knowledge search. */
export type SearchInput = {
  /** Only this agent's content. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Most hits to return (1-100). */
  limit?: Scalars['Int']['input'];
  /** Only these media types. */
  mediaTypes?: InputMaybe<Array<MediaType>>;
  /** Metadata keys that must equal these values. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** How to match. */
  mode?: SearchMode;
  /** What to look for. */
  query: Scalars['String']['input'];
};

/** How search matches. */
export type SearchMode =
  /** By meaning (embedding similarity). */
  | 'DENSE'
  /** Both, fused with reciprocal rank fusion. */
  | 'HYBRID'
  /** By words (BM25-style). */
  | 'SPARSE';

/** A user message to send; the reply is generated by a CHAT run. */
export type SendMessageInput = {
  /** ...or start a new one with this agent. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Stored contents (images or documents) the message carries, in order. An image needs a model that can see (`Model.vision`); one sent to a text-only model is refused before anything is queued. */
  attachmentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Tools the front end runs for this reply (at most 32); the run waits for answers. */
  clientTools?: InputMaybe<Array<ClientToolInput>>;
  /** Continue this conversation... */
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  /** Override the agent's fallback models for this reply: up to 5 'provider:model' names tried in order when the model fails before its first token ([] for none). */
  fallbackModels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Files uploaded with the message (GraphQL multipart request, same limits and CSRF header as `uploadContent`): stored as contents, then carried like `attachmentIds` (after them). Together at most `serverInfo.maxAttachments`. */
  files?: InputMaybe<Array<Scalars['Upload']['input']>>;
  /** Override the agent's model for this reply. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Queue priority, 1 (highest) to 10. */
  priority?: Scalars['Int']['input'];
  /** The message. */
  text: Scalars['String']['input'];
  /** Tool choice for this reply only; default: the agent's. */
  toolChoice?: InputMaybe<ToolChoiceInput>;
};

/** Server settings; change them in the config file or environment and restart. */
export type ServerConfig = {
  __typename?: 'ServerConfig';
  /** Whether `register` is open. */
  allowRegistration: Scalars['Boolean']['output'];
  /** Authentication mode. */
  authMode: AuthMode;
  /** The TOML file runtime changes are saved to. */
  configFile: Scalars['String']['output'];
  /** Directory for every file the server writes. */
  dataDir: Scalars['String']['output'];
  /** 'sqlite' or 'postgresql'. */
  databaseBackend: Scalars['String']['output'];
  /** Database URL with any password hidden. */
  databaseUrl: Scalars['String']['output'];
  /** Address the server binds. */
  host: Scalars['String']['output'];
  /** Port the server binds. */
  port: Scalars['Int']['output'];
  /** Worker processes. */
  workers: Scalars['Int']['output'];
};

/** What any client may know about this server before and after signing in. */
export type ServerInfo = {
  __typename?: 'ServerInfo';
  /** Whether `register` is open. */
  allowRegistration: Scalars['Boolean']['output'];
  /** Authentication mode. */
  authMode: AuthMode;
  /** Page size when neither `first` nor `last` is given. */
  defaultPageSize: Scalars['Int']['output'];
  /** Most files one chat message carries. */
  maxAttachments: Scalars['Int']['output'];
  /** Longest name or title. */
  maxNameLength: Scalars['Int']['output'];
  /** Largest `first`/`last` accepted. */
  maxPageSize: Scalars['Int']['output'];
  /** Longest message, description or system prompt. */
  maxTextLength: Scalars['Int']['output'];
  /** Largest uploaded file. */
  maxUploadBytes: Scalars['Int']['output'];
  /** Most files in one upload request. */
  maxUploadFiles: Scalars['Int']['output'];
  /** The Switchboard version. */
  version: Scalars['String']['output'];
};

/** One of your logins (a session): its tokens work until it is revoked or expires. */
export type Session = Node & {
  __typename?: 'Session';
  /** The client address the login came from. */
  address: Scalars['String']['output'];
  /** The client's user agent at login (empty when it sent none). */
  client: Scalars['String']['output'];
  /** When you logged in (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** Whether this request is made with this session's token. */
  current: Scalars['Boolean']['output'];
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** When its tokens were last used (UTC, to the minute). */
  lastUsedAt: Scalars['DateTime']['output'];
};

/** The BACKUP run (QUEUED), or why it was refused. */
export type StartBackupResult = Run | ValidationError;

/** The CLEANUP run (QUEUED), or why it was refused. */
export type StartCleanupResult = Run | ValidationError;

/** A new conversation with an agent. */
export type StartConversationInput = {
  /** The agent to talk to. */
  agentId: Scalars['ID']['input'];
  /** Title; 'New conversation' if omitted. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** The queued run, or why nothing was started. */
export type StartRunResult = NotFoundError | Run | ValidationError;

/** Run a suite: every case against every target, `repeats` times. */
export type StartTestRunInput = {
  /** Judge model for RUBRIC assertions without their own (default: `models.chat`). */
  judge?: InputMaybe<Scalars['String']['input']>;
  /** Token budget per output, unless the case sets its own. */
  maxTokens?: InputMaybe<Scalars['Int']['input']>;
  /** Queue priority, 1 (highest) to 10. */
  priority?: Scalars['Int']['input'];
  /** Times each case runs per target (1-20). */
  repeats?: Scalars['Int']['input'];
  /** The suite. */
  suiteId: Scalars['ID']['input'];
  /** 1 to 10 models or agents. */
  targets: Array<TestTargetInput>;
};

/** The queued TEST run, or why none was started. */
export type StartTestRunResult = NotFoundError | Run | ValidationError;

/** What the server holds and does (admin). */
export type Stats = {
  __typename?: 'Stats';
  /** Bytes on disk. */
  bytes: StorageBytes;
  /** Rows per table. */
  counts: Array<TableCount>;
  /** Queue depth per provider (queues with runs only). */
  queues: Array<QueueDepth>;
  /** Runs by kind and status. */
  runs: Array<RunCount>;
  /** Tokens by user, model and day, newest day first (bounded by `days` and `limit`). */
  tokens: Array<TokenUsage>;
};

/** Bytes on disk (Float: they outgrow GraphQL's 32-bit Int). */
export type StorageBytes = {
  __typename?: 'StorageBytes';
  /** Uploaded files in the content store, deduplicated. */
  blobs?: Maybe<Scalars['Float']['output']>;
  /** The database (SQLite files, or Postgres' database size). */
  database?: Maybe<Scalars['Float']['output']>;
  /** The embedded vector store; null with a Qdrant server. */
  vectors?: Maybe<Scalars['Float']['output']>;
};

/** Live streams: over graphql-transport-ws, GraphQL over SSE or multipart HTTP (Apollo's protocol). */
export type Subscription = {
  __typename?: 'Subscription';
  /** A content's ingestion for upload screens: its state now, then every progress step and status change, until it is READY, FAILED or CANCELLED. */
  contentStatus: ContentStatusUpdate;
  /** New messages of a conversation and the events of its runs, live. */
  conversationEvents: ConversationEvent;
  /** A run's events with seq > `after` (stored ones first, then live), each once, in order; completes after the final status. Reconnect with the last seq you saw to get exactly the rest. */
  runEvents: RunEvent;
  /** This server process's log lines as they are written (admin), at `level` and above. A reader too slow for the log gets a WARNING line saying how many lines it missed. */
  serverLogs: LogLine;
};


/** Live streams: over graphql-transport-ws, GraphQL over SSE or multipart HTTP (Apollo's protocol). */
export type SubscriptionContentStatusArgs = {
  id: Scalars['ID']['input'];
};


/** Live streams: over graphql-transport-ws, GraphQL over SSE or multipart HTTP (Apollo's protocol). */
export type SubscriptionConversationEventsArgs = {
  conversationId: Scalars['ID']['input'];
};


/** Live streams: over graphql-transport-ws, GraphQL over SSE or multipart HTTP (Apollo's protocol). */
export type SubscriptionRunEventsArgs = {
  after?: Scalars['Int']['input'];
  runId: Scalars['ID']['input'];
};


/** Live streams: over graphql-transport-ws, GraphQL over SSE or multipart HTTP (Apollo's protocol). */
export type SubscriptionServerLogsArgs = {
  level?: LogLevel;
};

/** A test suite document format. */
export type SuiteFormat =
  /** JSON. */
  | 'JSON'
  /** YAML (anchors and aliases are not accepted). */
  | 'YAML';

/** Rows in one table. */
export type TableCount = {
  __typename?: 'TableCount';
  /** Its rows. */
  count: Scalars['Int']['output'];
  /** The table, e.g. 'messages'. */
  table: Scalars['String']['output'];
};

/** One target's pass rate in a test run. */
export type TargetPassRate = {
  __typename?: 'TargetPassRate';
  /** passed / total, 0 to 1. */
  passRate: Scalars['Float']['output'];
  /** Case runs whose assertions all held. */
  passed: Scalars['Int']['output'];
  /** 'provider:model' or 'agent:<id>'. */
  target: Scalars['String']['output'];
  /** Case runs (cases x repeats). */
  total: Scalars['Int']['output'];
};

/** A variable a generation template declares; an item's key of that name fills it. */
export type TemplateVariable = {
  __typename?: 'TemplateVariable';
  /** For an optional variable an item leaves out (null: empty text). */
  default?: Maybe<Scalars['JSON']['output']>;
  /** What to put in it. */
  description: Scalars['String']['output'];
  /** The variable's name in the body (letters, digits, '_'). */
  name: Scalars['String']['output'];
  /** Every item must have it; a missing one is a ValidationError naming the item. */
  required: Scalars['Boolean']['output'];
};

/** A variable to declare. */
export type TemplateVariableInput = {
  /** For an optional variable: the value when an item leaves it out. */
  default?: InputMaybe<Scalars['JSON']['input']>;
  /** What to put in it (at most 2000 characters). */
  description?: Scalars['String']['input'];
  /** Letters, digits and '_', not starting with a digit; at most 64. */
  name: Scalars['String']['input'];
  /** Whether every item must have it. */
  required?: Scalars['Boolean']['input'];
};

/** A check on a case's output. Only the fields its type uses are set. */
export type TestAssertion = {
  __typename?: 'TestAssertion';
  /** Whether case matters, for the text checks. */
  caseSensitive?: Maybe<Scalars['Boolean']['output']>;
  /** The judge model for RUBRIC (null: the run's judge). */
  judge?: Maybe<Scalars['String']['output']>;
  /** The latency limit in ms, for MAX_LATENCY. */
  maxMs?: Maybe<Scalars['Float']['output']>;
  /** The limit of tool rounds, for MAX_TOOL_ROUNDS. */
  maxRounds?: Maybe<Scalars['Int']['output']>;
  /** The output token limit, for MAX_OUTPUT_TOKENS. */
  maxTokens?: Maybe<Scalars['Int']['output']>;
  /** The tool, for TOOL_CALLED. */
  name?: Maybe<Scalars['String']['output']>;
  /** The regular expression, for REGEX. */
  pattern?: Maybe<Scalars['String']['output']>;
  /** What a good answer does, for RUBRIC. */
  rubric?: Maybe<Scalars['String']['output']>;
  /** The JSON schema, for JSON_SCHEMA and TOOL_CALLED. */
  schema?: Maybe<Scalars['JSON']['output']>;
  /** What it checks. */
  type: AssertionType;
  /** Text for CONTAINS, NOT_CONTAINS and EQUALS. */
  value?: Maybe<Scalars['String']['output']>;
};

/** A check on the output. Give `type` and the fields that type uses (see AssertionType). */
export type TestAssertionInput = {
  /** For the text checks. */
  caseSensitive?: InputMaybe<Scalars['Boolean']['input']>;
  /** For RUBRIC: 'provider:model' of the judge. */
  judge?: InputMaybe<Scalars['String']['input']>;
  /** For MAX_LATENCY. */
  maxMs?: InputMaybe<Scalars['Float']['input']>;
  /** For MAX_TOOL_ROUNDS. */
  maxRounds?: InputMaybe<Scalars['Int']['input']>;
  /** For MAX_OUTPUT_TOKENS. */
  maxTokens?: InputMaybe<Scalars['Int']['input']>;
  /** For TOOL_CALLED: the tool. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** For REGEX. */
  pattern?: InputMaybe<Scalars['String']['input']>;
  /** For RUBRIC. */
  rubric?: InputMaybe<Scalars['String']['input']>;
  /** For JSON_SCHEMA and TOOL_CALLED. */
  schema?: InputMaybe<Scalars['JSON']['input']>;
  /** What it checks. */
  type: AssertionType;
  /** For CONTAINS, NOT_CONTAINS, EQUALS. */
  value?: InputMaybe<Scalars['String']['input']>;
};

/** One test case: an input (a prompt or messages), optionally an agent, and assertions. */
export type TestCase = {
  __typename?: 'TestCase';
  /** The agent whose system prompt and parameters the case uses with each target's model (null: the target's own; also null once the agent is deleted). */
  agent?: Maybe<Agent>;
  /** All must hold for the case to pass. */
  assertions: Array<TestAssertion>;
  /** Token budget for this case's output. */
  maxTokens?: Maybe<Scalars['Int']['output']>;
  /** A conversation to continue (or `prompt`). */
  messages?: Maybe<Array<TestMessage>>;
  /** Unique within the suite; results are lined up by it. */
  name: Scalars['String']['output'];
  /** A single user prompt (or `messages`). */
  prompt?: Maybe<Scalars['String']['output']>;
};

/** One case across the compared runs and targets. */
export type TestCaseComparison = {
  __typename?: 'TestCaseComparison';
  /** The case name. */
  case: Scalars['String']['output'];
  /** Per run (in order), per target. */
  results: Array<TestCaseRunResult>;
};

/** A test case. Give `prompt` or `messages`. */
export type TestCaseInput = {
  /** Use this agent's system prompt and parameters with each target's model. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Checks that must all hold (none: the case passes when it generates). */
  assertions?: Array<TestAssertionInput>;
  /** Token budget for this case's output. */
  maxTokens?: InputMaybe<Scalars['Int']['input']>;
  /** A conversation. */
  messages?: InputMaybe<Array<TestMessageInput>>;
  /** Unique in the suite; default 'case <n>'. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** A single user prompt. */
  prompt?: InputMaybe<Scalars['String']['input']>;
};

/** How one case went for one target in one run (over its repeats). */
export type TestCaseRunResult = {
  __typename?: 'TestCaseRunResult';
  /** The first 200 characters of the first repeat's output. */
  output?: Maybe<Scalars['String']['output']>;
  /** Every repeat passed. */
  passed: Scalars['Boolean']['output'];
  /** Repeats that passed. */
  passes: Scalars['Int']['output'];
  /** Why assertions failed or generation erred, each once. */
  reasons: Array<Scalars['String']['output']>;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** How the first repeat ended. */
  status: RunItemStatus;
  /** 'provider:model' or 'agent:<id>'. */
  target: Scalars['String']['output'];
  /** Repeats finished. */
  total: Scalars['Int']['output'];
};

/** TEST runs side by side: pass rates per target, and every case per run and target. */
export type TestComparison = {
  __typename?: 'TestComparison';
  /** Every case any run ran. */
  cases: Array<TestCaseComparison>;
  /** The runs, in the order asked. */
  runs: Array<Run>;
  /** Every target any run tested. */
  targets: Array<TestTargetComparison>;
};

/** One turn of a case's conversation. */
export type TestMessage = {
  __typename?: 'TestMessage';
  /** What is said. */
  content: Scalars['String']['output'];
  /** Who says it (SYSTEM, USER or ASSISTANT). */
  role: MessageRole;
};

/** One turn of a case's conversation. */
export type TestMessageInput = {
  /** What is said. */
  content: Scalars['String']['input'];
  /** SYSTEM, USER or ASSISTANT. */
  role: MessageRole;
};

/** What a TEST run found: the pass rate of each target. */
export type TestRunResult = {
  __typename?: 'TestRunResult';
  /** Cases in the suite. */
  cases: Scalars['Int']['output'];
  /** Times each case ran against each target. */
  repeats: Scalars['Int']['output'];
  /** The suite that was run. */
  suiteId?: Maybe<Scalars['ID']['output']>;
  /** Pass rate per target. */
  targets: Array<TargetPassRate>;
};

/** A named set of test cases, run against models or agents by `startTestRun`. */
export type TestSuite = Node & {
  __typename?: 'TestSuite';
  /** How many cases there are. */
  caseCount: Scalars['Int']['output'];
  /** The cases, in order. */
  cases: Array<TestCase>;
  /** When it was created (UTC). */
  createdAt: Scalars['DateTime']['output'];
  /** What the suite is for. */
  description: Scalars['String']['output'];
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** Display name. */
  name: Scalars['String']['output'];
  /** When it last changed (UTC). */
  updatedAt: Scalars['DateTime']['output'];
};

/** A page of items in stable (creation time, id) order. */
export type TestSuiteConnection = {
  __typename?: 'TestSuiteConnection';
  /** The items of this page with their cursors. */
  edges: Array<TestSuiteEdge>;
  /** The items of this page, without cursors. */
  nodes: Array<TestSuite>;
  /** Cursors and whether more pages exist. */
  pageInfo: PageInfo;
  /** Number of items in the whole connection, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** One item of a connection with its cursor. */
export type TestSuiteEdge = {
  __typename?: 'TestSuiteEdge';
  /** Opaque cursor of this item, for `after`/`before`. */
  cursor: Scalars['String']['output'];
  /** The item. */
  node: TestSuite;
};

/** Narrows a test suite list. */
export type TestSuiteFilter = {
  /** Case-insensitive substring of the name. */
  search?: InputMaybe<Scalars['String']['input']>;
};

/** The test suite, or why the change was refused. */
export type TestSuiteResult = NotFoundError | TestSuite | ValidationError;

/** One target across the compared runs. */
export type TestTargetComparison = {
  __typename?: 'TestTargetComparison';
  /** Its pass rate per run, in the runs' order. */
  runs: Array<TestTargetRunPassRate>;
  /** 'provider:model' or 'agent:<id>'. */
  target: Scalars['String']['output'];
};

/** What answers the cases: give `model` or `agentId`. */
export type TestTargetInput = {
  /** An agent: its model, system prompt and parameters. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** 'provider:model'. */
  model?: InputMaybe<Scalars['String']['input']>;
};

/** A target's pass rate in one of the compared runs. */
export type TestTargetRunPassRate = {
  __typename?: 'TestTargetRunPassRate';
  /** passed / total, 0 to 1. */
  passRate?: Maybe<Scalars['Float']['output']>;
  /** Case runs that passed (null: the run had no such target). */
  passed?: Maybe<Scalars['Int']['output']>;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Case runs finished. */
  total?: Maybe<Scalars['Int']['output']>;
};

/** Generated text (one or more tokens, coalesced over a few ms). */
export type TokenDelta = RunEvent & {
  __typename?: 'TokenDelta';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
  /** Text to append. */
  text: Scalars['String']['output'];
};

/** Tokens one user spent on one model on one day (UTC). */
export type TokenUsage = {
  __typename?: 'TokenUsage';
  /** Completion tokens. */
  completionTokens: Scalars['Float']['output'];
  /** YYYY-MM-DD, UTC. */
  day: Scalars['String']['output'];
  /** 'provider:model'. */
  model: Scalars['String']['output'];
  /** Prompt tokens. */
  promptTokens: Scalars['Float']['output'];
  /** Runs that reported usage. */
  runs: Scalars['Int']['output'];
  /** The user. */
  userId: Scalars['ID']['output'];
  /** Their name. */
  username?: Maybe<Scalars['String']['output']>;
};

/** The run (QUEUED again once nothing is pending), or why not: CONFLICT when it is not waiting for that call. */
export type ToolAnswerResult = ConflictError | NotFoundError | Run | ValidationError;

/** Whether a call of the tool runs at once or waits for the user. */
export type ToolApproval =
  /** Waits for `approveToolCall` or `denyToolCall`. */
  | 'ASK'
  /** Runs at once. */
  | 'AUTO';

/** A tool call an assistant message makes; its result is a TOOL message with its `id`. */
export type ToolCall = {
  __typename?: 'ToolCall';
  /** The call's id (the provider's, or one Switchboard made). */
  id: Scalars['String']['output'];
  /** The arguments, a JSON object. */
  input: Scalars['JSON']['output'];
  /** The tool called. */
  name: Scalars['String']['output'];
};

/** A piece of a tool call's arguments as the model streams them. */
export type ToolCallArgumentsDelta = RunEvent & {
  __typename?: 'ToolCallArgumentsDelta';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The call (its id on the assistant message's `toolCalls`). */
  callId: Scalars['String']['output'];
  /** JSON text to append to the call's arguments so far. */
  delta: Scalars['String']['output'];
  /** The tool called. */
  name: Scalars['String']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** A tool call finished; its output (or error) goes back to the model. */
export type ToolCallFinished = RunEvent & {
  __typename?: 'ToolCallFinished';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The call's id. */
  callId: Scalars['String']['output'];
  /** How long it ran, in ms. */
  durationMs: Scalars['Float']['output'];
  /** The call failed (invalid input, a failure, a timeout, a denial). */
  isError: Scalars['Boolean']['output'];
  /** The TOOL message holding the result. */
  messageId: Scalars['ID']['output'];
  /** The tool called. */
  name: Scalars['String']['output'];
  /** What the tool returned, or its error. */
  output: Scalars['String']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** A tool call on an appended assistant message. */
export type ToolCallInput = {
  /** The call's id; a TOOL message answers it with `toolCallId`. */
  id: Scalars['String']['input'];
  /** The arguments, a JSON object. */
  input: Scalars['JSON']['input'];
  /** The tool called. */
  name: Scalars['String']['input'];
};

/** The agent loop started a tool call. */
export type ToolCallStarted = RunEvent & {
  __typename?: 'ToolCallStarted';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The call's id. */
  callId: Scalars['String']['output'];
  /** The arguments, as the model gave them. */
  input: Scalars['JSON']['output'];
  /** The assistant message carrying the call. */
  messageId: Scalars['ID']['output'];
  /** The tool called. */
  name: Scalars['String']['output'];
  /** Which model round (1, 2, ...) asked for it. */
  round: Scalars['Int']['output'];
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** A tool call waits for the user: its approval, or the client's result. */
export type ToolCallWaiting = RunEvent & {
  __typename?: 'ToolCallWaiting';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /** The call, what it waits for and until when. */
  call: PendingToolCall;
  /** The run. */
  runId: Scalars['ID']['output'];
  /** Position in the run's log; pass the last one seen as `after`. */
  seq: Scalars['Int']['output'];
};

/** Whether the model may, must, or must not call tools, or which one it must call. */
export type ToolChoice = {
  __typename?: 'ToolChoice';
  /** The rule. */
  mode: ToolChoiceMode;
  /** The tool a TOOL choice forces. */
  name?: Maybe<Scalars['String']['output']>;
};

/** Tool choice: AUTO, NONE, REQUIRED, or TOOL with the tool's name. */
export type ToolChoiceInput = {
  /** The rule. */
  mode: ToolChoiceMode;
  /** For TOOL: the tool the model must call. */
  name?: InputMaybe<Scalars['String']['input']>;
};

/** Whether the model may, must, or must not call tools. */
export type ToolChoiceMode =
  /** The model decides. */
  | 'AUTO'
  /** No tools are offered. */
  | 'NONE'
  /** The first round must call a tool (any of them). */
  | 'REQUIRED'
  /** The first round must call the tool named in `name`. */
  | 'TOOL';

/** A tool a model can be given: its name, what it does and the JSON Schema of its input. */
export type ToolDefinition = {
  __typename?: 'ToolDefinition';
  /** What it does, as the model reads it. */
  description: Scalars['String']['output'];
  /** JSON Schema of its input; calls are checked against it. */
  inputSchema: Scalars['JSON']['output'];
  /** The name the model calls it by. */
  name: Scalars['String']['output'];
  /** Where it runs. */
  source: ToolSource;
};

/** Where a tool runs. */
export type ToolSource =
  /** Served by Switchboard itself. */
  | 'BUILTIN'
  /** Run by the front end, which answers with `answerToolCall`. */
  | 'CLIENT'
  /** Served by a registered MCP server. */
  | 'MCP';

/** What a paused tool call waits for. */
export type ToolWaitReason =
  /** The user's approval (`approveToolCall`/`denyToolCall`). */
  | 'APPROVAL'
  /** The client's result (`answerToolCall`). */
  | 'CLIENT';

/** Changes to an agent; omitted fields stay as they are. */
export type UpdateAgentInput = {
  /** New description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the fallback models ([] removes them). */
  fallbackModels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** New model, 'provider:model'. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** New display name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Replaces all sampling parameters. */
  parameters?: InputMaybe<GenerationParametersInput>;
  /** Replaces all retrieval settings. */
  retrieval?: InputMaybe<RetrievalOptionsInput>;
  /** New system prompt. */
  systemPrompt?: InputMaybe<Scalars['String']['input']>;
  /** New tool choice. */
  toolChoice?: InputMaybe<ToolChoiceInput>;
  /** Replaces the tool list. */
  tools?: InputMaybe<Array<AgentToolInput>>;
};

/** Changes to a generation template; omitted fields stay. `variables` replaces them all. */
export type UpdateGenerationTemplateInput = {
  /** New body (checked against the variables). */
  body?: InputMaybe<Scalars['String']['input']>;
  /** New description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New default model; an empty string removes it. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** New name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** The new list of variables (the body is checked against it). */
  variables?: InputMaybe<Array<TemplateVariableInput>>;
};

/** Changes to a memory; omitted fields stay as they are. */
export type UpdateMemoryInput = {
  /** Keep it forever. */
  clearExpiry?: Scalars['Boolean']['input'];
  /** New expiry. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  /** New kind. */
  kind?: InputMaybe<MemoryKind>;
  /** New text (re-indexed). */
  text?: InputMaybe<Scalars['String']['input']>;
};

/** Changes to a test suite; omitted fields stay. `cases` replaces all cases. */
export type UpdateTestSuiteInput = {
  /** The new list of cases. */
  cases?: InputMaybe<Array<TestCaseInput>>;
  /** New description. */
  description?: InputMaybe<Scalars['String']['input']>;
  /** New name. */
  name?: InputMaybe<Scalars['String']['input']>;
};

/** Details of an uploaded file. */
export type UploadContentInput = {
  /** Attach it to this agent. */
  agentId?: InputMaybe<Scalars['ID']['input']>;
  /** Your metadata (a JSON object). */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** Title; the file name if omitted. */
  title?: InputMaybe<Scalars['String']['input']>;
};

/** A person (or the built-in local admin) using Switchboard. */
export type User = Node & {
  __typename?: 'User';
  /** Globally unique, opaque ID. */
  id: Scalars['ID']['output'];
  /** What the user may do. */
  role: Role;
  /** Tokens spent today (UTC) per provider, with the daily quota and what is left of it: every provider used today or with a quota. Only for yourself (an admin sees anyone's). */
  usage: Array<ProviderUsage>;
  /** Unique login name. */
  username: Scalars['String']['output'];
};

/** The input was invalid; nothing was changed. */
export type ValidationError = Error & {
  __typename?: 'ValidationError';
  /** What went wrong, for programs. */
  code: ErrorCode;
  /** The input field at fault, when there is one. */
  field?: Maybe<Scalars['String']['output']>;
  /** What went wrong, for people. */
  message: Scalars['String']['output'];
};

export type AgentFieldsFragment = { __typename: 'Agent', id: string, name: string, description: string, template?: AgentTemplateKind | null, model: string, systemPrompt: string, createdAt: string, updatedAt: string, parameters: { __typename: 'GenerationParameters', temperature?: number | null, topP?: number | null, maxTokens?: number | null } } & { ' $fragmentName'?: 'AgentFieldsFragment' };

export type AgentTemplatesQueryVariables = Exact<{ [key: string]: never; }>;


export type AgentTemplatesQuery = { __typename: 'Query', agentTemplates: Array<{ __typename: 'AgentTemplate', kind: AgentTemplateKind, title: string, description: string, model: string }> };

export type AgentsQueryVariables = Exact<{
  filter?: InputMaybe<AgentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AgentsQuery = { __typename: 'Query', agents: { __typename: 'AgentConnection', totalCount: number, edges: Array<{ __typename: 'AgentEdge', cursor: string, node: (
        { __typename: 'Agent' }
        & { ' $fragmentRefs'?: { 'AgentFieldsFragment': AgentFieldsFragment } }
      ) }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type AgentQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AgentQuery = { __typename: 'Query', agent: (
    { __typename: 'Agent', conversations: { __typename: 'ConversationConnection', totalCount: number, nodes: Array<{ __typename: 'Conversation', id: string, title: string, updatedAt: string }> } }
    & { ' $fragmentRefs'?: { 'AgentFieldsFragment': AgentFieldsFragment } }
  ) };

export type CreateAgentMutationVariables = Exact<{
  input: CreateAgentInput;
}>;


export type CreateAgentMutation = { __typename: 'Mutation', createAgent: (
    { __typename: 'Agent' }
    & { ' $fragmentRefs'?: { 'AgentFieldsFragment': AgentFieldsFragment } }
  ) | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type UpdateAgentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateAgentInput;
}>;


export type UpdateAgentMutation = { __typename: 'Mutation', updateAgent: (
    { __typename: 'Agent' }
    & { ' $fragmentRefs'?: { 'AgentFieldsFragment': AgentFieldsFragment } }
  ) | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type DeleteAgentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteAgentMutation = { __typename: 'Mutation', deleteAgent: { __typename: 'Deleted', id: string } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type AgentExportQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type AgentExportQuery = { __typename: 'Query', agentExport: unknown };

export type ImportAgentMutationVariables = Exact<{
  document: Scalars['JSON']['input'];
}>;


export type ImportAgentMutation = { __typename: 'Mutation', importAgent: { __typename: 'Agent', id: string, name: string } | { __typename: 'ImportError', message: string, path?: string | null, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type RegisterMutationVariables = Exact<{
  username: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type RegisterMutation = { __typename: 'Mutation', register: { __typename: 'AuthError', message: string, code: ErrorCode } | { __typename: 'AuthPayload', accessToken: string, refreshToken: string, expiresIn: number, user: { __typename: 'User', id: string, username: string, role: Role } } | { __typename: 'ConflictError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type LoginMutationVariables = Exact<{
  username: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type LoginMutation = { __typename: 'Mutation', login: { __typename: 'AuthError', message: string, code: ErrorCode } | { __typename: 'AuthPayload', accessToken: string, refreshToken: string, expiresIn: number, user: { __typename: 'User', id: string, username: string, role: Role } } | { __typename: 'ConflictError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type RefreshTokenMutationVariables = Exact<{
  refreshToken: Scalars['String']['input'];
}>;


export type RefreshTokenMutation = { __typename: 'Mutation', refreshToken: { __typename: 'AuthError', message: string, code: ErrorCode } | { __typename: 'AuthPayload', accessToken: string, refreshToken: string, expiresIn: number } | { __typename: 'ConflictError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { __typename: 'Query', me: { __typename: 'User', id: string, username: string, role: Role }, apiKeys: Array<{ __typename: 'ApiKey', id: string, name: string, prefix: string, createdAt: string }> };

export type CreateApiKeyMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type CreateApiKeyMutation = { __typename: 'Mutation', createApiKey: { __typename: 'ApiKeyCreated', secret: string, apiKey: { __typename: 'ApiKey', id: string, name: string, prefix: string } } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type ConfigQueryVariables = Exact<{ [key: string]: never; }>;


export type ConfigQuery = { __typename: 'Query', config: { __typename: 'Config', server: { __typename: 'ServerConfig', host: string, port: number, authMode: AuthMode, databaseBackend: string, dataDir: string, configFile: string }, providers: { __typename: 'ProvidersConfig', ollamaHost: string, anthropicBaseUrl?: string | null, anthropicApiKeySet: boolean, requestTimeoutSeconds: number, maxRetries: number }, models: { __typename: 'ModelsConfig', chat: string, embedding: string }, retrieval: { __typename: 'RetrievalConfig', topK: number, scoreThreshold: number, chunkSize: number, chunkOverlap: number }, limits: { __typename: 'LimitsConfig', defaultPageSize: number, maxPageSize: number, maxNameLength: number, maxTextLength: number, maxQueryDepth: number, maxImportBytes: number } } };

export type ValidateConfigMutationVariables = Exact<{
  input: ConfigInput;
}>;


export type ValidateConfigMutation = { __typename: 'Mutation', validateConfig: { __typename: 'ConfigValidation', valid: boolean, problems: Array<{ __typename: 'ConfigProblem', path: string, message: string }> } };

export type UpdateConfigMutationVariables = Exact<{
  input: ConfigInput;
}>;


export type UpdateConfigMutation = { __typename: 'Mutation', updateConfig: { __typename: 'Config', retrieval: { __typename: 'RetrievalConfig', topK: number }, models: { __typename: 'ModelsConfig', chat: string } } | { __typename: 'ConfigError', message: string, problems: Array<{ __typename: 'ConfigProblem', path: string, message: string }> } };

export type ReloadConfigMutationVariables = Exact<{ [key: string]: never; }>;


export type ReloadConfigMutation = { __typename: 'Mutation', reloadConfig: { __typename: 'Config' } | { __typename: 'ConfigError', message: string, problems: Array<{ __typename: 'ConfigProblem', path: string, message: string }> } };

export type SendMessageMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type SendMessageMutation = { __typename: 'Mutation', sendMessage: { __typename: 'ChatTurn', conversation: { __typename: 'Conversation', id: string, title: string }, userMessage: (
      { __typename: 'Message' }
      & { ' $fragmentRefs'?: { 'MessageFieldsFragment': MessageFieldsFragment } }
    ), assistantMessage: (
      { __typename: 'Message' }
      & { ' $fragmentRefs'?: { 'MessageFieldsFragment': MessageFieldsFragment } }
    ), run: { __typename: 'Run', id: string, status: RunStatus, queuePosition?: number | null, lastSeq: number } } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type RegenerateMessageMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  model?: InputMaybe<Scalars['String']['input']>;
}>;


export type RegenerateMessageMutation = { __typename: 'Mutation', regenerateMessage: { __typename: 'ChatTurn', assistantMessage: (
      { __typename: 'Message' }
      & { ' $fragmentRefs'?: { 'MessageFieldsFragment': MessageFieldsFragment } }
    ), run: { __typename: 'Run', id: string, status: RunStatus } } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type ClearConversationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ClearConversationMutation = { __typename: 'Mutation', clearConversation: { __typename: 'Conversation', id: string, messages: { __typename: 'MessageConnection', totalCount: number } } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type CancelRunMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CancelRunMutation = { __typename: 'Mutation', cancelRun: { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'Run', id: string, status: RunStatus } | { __typename: 'RunFinishedError', status: RunStatus, message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

type RunEventFields_CitationAdded_Fragment = { __typename: 'CitationAdded', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_CitationAdded_Fragment' };

type RunEventFields_FallbackUsed_Fragment = { __typename: 'FallbackUsed', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_FallbackUsed_Fragment' };

type RunEventFields_QueuePositionChanged_Fragment = { __typename: 'QueuePositionChanged', position: number, seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_QueuePositionChanged_Fragment' };

type RunEventFields_RetryScheduled_Fragment = { __typename: 'RetryScheduled', attempt: number, delaySeconds: number, reason: string, seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_RetryScheduled_Fragment' };

type RunEventFields_RunCompacted_Fragment = { __typename: 'RunCompacted', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_RunCompacted_Fragment' };

type RunEventFields_RunItemFinished_Fragment = { __typename: 'RunItemFinished', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_RunItemFinished_Fragment' };

type RunEventFields_RunProgress_Fragment = { __typename: 'RunProgress', done: number, total?: number | null, fraction?: number | null, message?: string | null, seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_RunProgress_Fragment' };

type RunEventFields_RunStatusChanged_Fragment = { __typename: 'RunStatusChanged', status: RunStatus, error?: string | null, seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_RunStatusChanged_Fragment' };

type RunEventFields_RunUsageReported_Fragment = { __typename: 'RunUsageReported', seq: number, at: string, usage: { __typename: 'RunUsage', promptTokens?: number | null, completionTokens?: number | null, timeToFirstTokenMs?: number | null, tokensPerSecond?: number | null } } & { ' $fragmentName'?: 'RunEventFields_RunUsageReported_Fragment' };

type RunEventFields_TokenDelta_Fragment = { __typename: 'TokenDelta', text: string, seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_TokenDelta_Fragment' };

type RunEventFields_ToolCallArgumentsDelta_Fragment = { __typename: 'ToolCallArgumentsDelta', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_ToolCallArgumentsDelta_Fragment' };

type RunEventFields_ToolCallFinished_Fragment = { __typename: 'ToolCallFinished', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_ToolCallFinished_Fragment' };

type RunEventFields_ToolCallStarted_Fragment = { __typename: 'ToolCallStarted', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_ToolCallStarted_Fragment' };

type RunEventFields_ToolCallWaiting_Fragment = { __typename: 'ToolCallWaiting', seq: number, at: string } & { ' $fragmentName'?: 'RunEventFields_ToolCallWaiting_Fragment' };

export type RunEventFieldsFragment = RunEventFields_CitationAdded_Fragment | RunEventFields_FallbackUsed_Fragment | RunEventFields_QueuePositionChanged_Fragment | RunEventFields_RetryScheduled_Fragment | RunEventFields_RunCompacted_Fragment | RunEventFields_RunItemFinished_Fragment | RunEventFields_RunProgress_Fragment | RunEventFields_RunStatusChanged_Fragment | RunEventFields_RunUsageReported_Fragment | RunEventFields_TokenDelta_Fragment | RunEventFields_ToolCallArgumentsDelta_Fragment | RunEventFields_ToolCallFinished_Fragment | RunEventFields_ToolCallStarted_Fragment | RunEventFields_ToolCallWaiting_Fragment;

export type RunEventsSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['Int']['input']>;
}>;


export type RunEventsSubscription = { __typename?: 'Subscription', runEvents: (
    { __typename: 'CitationAdded' }
    & { ' $fragmentRefs'?: { 'RunEventFields_CitationAdded_Fragment': RunEventFields_CitationAdded_Fragment } }
  ) | (
    { __typename: 'FallbackUsed' }
    & { ' $fragmentRefs'?: { 'RunEventFields_FallbackUsed_Fragment': RunEventFields_FallbackUsed_Fragment } }
  ) | (
    { __typename: 'QueuePositionChanged' }
    & { ' $fragmentRefs'?: { 'RunEventFields_QueuePositionChanged_Fragment': RunEventFields_QueuePositionChanged_Fragment } }
  ) | (
    { __typename: 'RetryScheduled' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RetryScheduled_Fragment': RunEventFields_RetryScheduled_Fragment } }
  ) | (
    { __typename: 'RunCompacted' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunCompacted_Fragment': RunEventFields_RunCompacted_Fragment } }
  ) | (
    { __typename: 'RunItemFinished' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunItemFinished_Fragment': RunEventFields_RunItemFinished_Fragment } }
  ) | (
    { __typename: 'RunProgress' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunProgress_Fragment': RunEventFields_RunProgress_Fragment } }
  ) | (
    { __typename: 'RunStatusChanged' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunStatusChanged_Fragment': RunEventFields_RunStatusChanged_Fragment } }
  ) | (
    { __typename: 'RunUsageReported' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunUsageReported_Fragment': RunEventFields_RunUsageReported_Fragment } }
  ) | (
    { __typename: 'TokenDelta' }
    & { ' $fragmentRefs'?: { 'RunEventFields_TokenDelta_Fragment': RunEventFields_TokenDelta_Fragment } }
  ) | (
    { __typename: 'ToolCallArgumentsDelta' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallArgumentsDelta_Fragment': RunEventFields_ToolCallArgumentsDelta_Fragment } }
  ) | (
    { __typename: 'ToolCallFinished' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallFinished_Fragment': RunEventFields_ToolCallFinished_Fragment } }
  ) | (
    { __typename: 'ToolCallStarted' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallStarted_Fragment': RunEventFields_ToolCallStarted_Fragment } }
  ) | (
    { __typename: 'ToolCallWaiting' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallWaiting_Fragment': RunEventFields_ToolCallWaiting_Fragment } }
  ) };

export type RunEventLogQueryVariables = Exact<{
  runId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['Int']['input']>;
}>;


export type RunEventLogQuery = { __typename: 'Query', runEventLog: Array<(
    { __typename: 'CitationAdded' }
    & { ' $fragmentRefs'?: { 'RunEventFields_CitationAdded_Fragment': RunEventFields_CitationAdded_Fragment } }
  ) | (
    { __typename: 'FallbackUsed' }
    & { ' $fragmentRefs'?: { 'RunEventFields_FallbackUsed_Fragment': RunEventFields_FallbackUsed_Fragment } }
  ) | (
    { __typename: 'QueuePositionChanged' }
    & { ' $fragmentRefs'?: { 'RunEventFields_QueuePositionChanged_Fragment': RunEventFields_QueuePositionChanged_Fragment } }
  ) | (
    { __typename: 'RetryScheduled' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RetryScheduled_Fragment': RunEventFields_RetryScheduled_Fragment } }
  ) | (
    { __typename: 'RunCompacted' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunCompacted_Fragment': RunEventFields_RunCompacted_Fragment } }
  ) | (
    { __typename: 'RunItemFinished' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunItemFinished_Fragment': RunEventFields_RunItemFinished_Fragment } }
  ) | (
    { __typename: 'RunProgress' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunProgress_Fragment': RunEventFields_RunProgress_Fragment } }
  ) | (
    { __typename: 'RunStatusChanged' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunStatusChanged_Fragment': RunEventFields_RunStatusChanged_Fragment } }
  ) | (
    { __typename: 'RunUsageReported' }
    & { ' $fragmentRefs'?: { 'RunEventFields_RunUsageReported_Fragment': RunEventFields_RunUsageReported_Fragment } }
  ) | (
    { __typename: 'TokenDelta' }
    & { ' $fragmentRefs'?: { 'RunEventFields_TokenDelta_Fragment': RunEventFields_TokenDelta_Fragment } }
  ) | (
    { __typename: 'ToolCallArgumentsDelta' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallArgumentsDelta_Fragment': RunEventFields_ToolCallArgumentsDelta_Fragment } }
  ) | (
    { __typename: 'ToolCallFinished' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallFinished_Fragment': RunEventFields_ToolCallFinished_Fragment } }
  ) | (
    { __typename: 'ToolCallStarted' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallStarted_Fragment': RunEventFields_ToolCallStarted_Fragment } }
  ) | (
    { __typename: 'ToolCallWaiting' }
    & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallWaiting_Fragment': RunEventFields_ToolCallWaiting_Fragment } }
  )> };

export type ConversationEventsSubscriptionVariables = Exact<{
  conversationId: Scalars['ID']['input'];
}>;


export type ConversationEventsSubscription = { __typename?: 'Subscription', conversationEvents: { __typename: 'ConversationRunEvent', event: (
      { __typename: 'CitationAdded' }
      & { ' $fragmentRefs'?: { 'RunEventFields_CitationAdded_Fragment': RunEventFields_CitationAdded_Fragment } }
    ) | (
      { __typename: 'FallbackUsed' }
      & { ' $fragmentRefs'?: { 'RunEventFields_FallbackUsed_Fragment': RunEventFields_FallbackUsed_Fragment } }
    ) | (
      { __typename: 'QueuePositionChanged' }
      & { ' $fragmentRefs'?: { 'RunEventFields_QueuePositionChanged_Fragment': RunEventFields_QueuePositionChanged_Fragment } }
    ) | (
      { __typename: 'RetryScheduled' }
      & { ' $fragmentRefs'?: { 'RunEventFields_RetryScheduled_Fragment': RunEventFields_RetryScheduled_Fragment } }
    ) | (
      { __typename: 'RunCompacted' }
      & { ' $fragmentRefs'?: { 'RunEventFields_RunCompacted_Fragment': RunEventFields_RunCompacted_Fragment } }
    ) | (
      { __typename: 'RunItemFinished' }
      & { ' $fragmentRefs'?: { 'RunEventFields_RunItemFinished_Fragment': RunEventFields_RunItemFinished_Fragment } }
    ) | (
      { __typename: 'RunProgress' }
      & { ' $fragmentRefs'?: { 'RunEventFields_RunProgress_Fragment': RunEventFields_RunProgress_Fragment } }
    ) | (
      { __typename: 'RunStatusChanged' }
      & { ' $fragmentRefs'?: { 'RunEventFields_RunStatusChanged_Fragment': RunEventFields_RunStatusChanged_Fragment } }
    ) | (
      { __typename: 'RunUsageReported' }
      & { ' $fragmentRefs'?: { 'RunEventFields_RunUsageReported_Fragment': RunEventFields_RunUsageReported_Fragment } }
    ) | (
      { __typename: 'TokenDelta' }
      & { ' $fragmentRefs'?: { 'RunEventFields_TokenDelta_Fragment': RunEventFields_TokenDelta_Fragment } }
    ) | (
      { __typename: 'ToolCallArgumentsDelta' }
      & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallArgumentsDelta_Fragment': RunEventFields_ToolCallArgumentsDelta_Fragment } }
    ) | (
      { __typename: 'ToolCallFinished' }
      & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallFinished_Fragment': RunEventFields_ToolCallFinished_Fragment } }
    ) | (
      { __typename: 'ToolCallStarted' }
      & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallStarted_Fragment': RunEventFields_ToolCallStarted_Fragment } }
    ) | (
      { __typename: 'ToolCallWaiting' }
      & { ' $fragmentRefs'?: { 'RunEventFields_ToolCallWaiting_Fragment': RunEventFields_ToolCallWaiting_Fragment } }
    ) } | { __typename: 'MessageAdded', message: (
      { __typename: 'Message' }
      & { ' $fragmentRefs'?: { 'MessageFieldsFragment': MessageFieldsFragment } }
    ) } };

export type RunQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunQuery = { __typename: 'Query', run: { __typename: 'Run', id: string, kind: RunKind, status: RunStatus, priority: number, queuePosition?: number | null, model?: string | null, error?: string | null, lastSeq: number, createdAt: string, startedAt?: string | null, finishedAt?: string | null, usage: { __typename: 'RunUsage', promptTokens?: number | null, completionTokens?: number | null, timeToFirstTokenMs?: number | null, tokensPerSecond?: number | null }, message?: (
      { __typename: 'Message' }
      & { ' $fragmentRefs'?: { 'MessageFieldsFragment': MessageFieldsFragment } }
    ) | null } };

export type RunsQueryVariables = Exact<{
  status?: InputMaybe<RunStatus>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type RunsQuery = { __typename: 'Query', runs: { __typename: 'RunConnection', totalCount: number, nodes: Array<{ __typename: 'Run', id: string, kind: RunKind, status: RunStatus, model?: string | null, createdAt: string }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type ModelsAndProvidersQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelsAndProvidersQuery = { __typename: 'Query', models: Array<{ __typename: 'ModelDetails', name: string, provider: string, family?: string | null, parameterSize?: string | null, quantization?: string | null, contextLength?: number | null, sizeBytes?: number | null }>, providers: Array<{ __typename: 'ProviderStatus', name: string, ok: boolean, detail: string }> };

export type MessageFieldsFragment = { __typename: 'Message', id: string, role: MessageRole, content: string, status: MessageStatus, model?: string | null, createdAt: string, usage?: { __typename: 'MessageUsage', promptTokens?: number | null, completionTokens?: number | null } | null } & { ' $fragmentName'?: 'MessageFieldsFragment' };

export type ConversationsQueryVariables = Exact<{
  agentId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ConversationsQuery = { __typename: 'Query', conversations: { __typename: 'ConversationConnection', totalCount: number, edges: Array<{ __typename: 'ConversationEdge', cursor: string, node: { __typename: 'Conversation', id: string, title: string, updatedAt: string, agent: { __typename: 'Agent', id: string, name: string } } }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type ConversationMessagesQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type ConversationMessagesQuery = { __typename: 'Query', conversation: { __typename: 'Conversation', id: string, title: string, agent: { __typename: 'Agent', id: string, name: string, model: string }, messages: { __typename: 'MessageConnection', totalCount: number, nodes: Array<(
        { __typename: 'Message' }
        & { ' $fragmentRefs'?: { 'MessageFieldsFragment': MessageFieldsFragment } }
      )>, pageInfo: { __typename: 'PageInfo', hasPreviousPage: boolean, startCursor?: string | null } } } };

export type StartConversationMutationVariables = Exact<{
  agentId: Scalars['ID']['input'];
  title?: InputMaybe<Scalars['String']['input']>;
}>;


export type StartConversationMutation = { __typename: 'Mutation', startConversation: { __typename: 'Conversation', id: string, title: string } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type RenameConversationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  title: Scalars['String']['input'];
}>;


export type RenameConversationMutation = { __typename: 'Mutation', renameConversation: { __typename: 'Conversation', id: string, title: string } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type DeleteConversationMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteConversationMutation = { __typename: 'Mutation', deleteConversation: { __typename: 'Deleted', id: string } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type AppendMessageMutationVariables = Exact<{
  input: AppendMessageInput;
}>;


export type AppendMessageMutation = { __typename: 'Mutation', appendMessage: (
    { __typename: 'Message' }
    & { ' $fragmentRefs'?: { 'MessageFieldsFragment': MessageFieldsFragment } }
  ) | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type NodeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type NodeQuery = { __typename: 'Query', node?: { __typename: 'Agent', name: string, id: string } | { __typename: 'ApiKey', id: string } | { __typename: 'Content', id: string } | { __typename: 'Conversation', title: string, id: string } | { __typename: 'GenerationTemplate', id: string } | { __typename: 'Memory', id: string } | { __typename: 'Message', content: string, id: string } | { __typename: 'Run', id: string } | { __typename: 'Session', id: string } | { __typename: 'TestSuite', id: string } | { __typename: 'User', id: string } | null };

export type StartBenchmarkMutationVariables = Exact<{
  input: BenchmarkInput;
}>;


export type StartBenchmarkMutation = { __typename: 'Mutation', startBenchmark: { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'Run', id: string, kind: RunKind, status: RunStatus, queuePosition?: number | null } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type StartGenerationMutationVariables = Exact<{
  input: GenerationInput;
}>;


export type StartGenerationMutation = { __typename: 'Mutation', startGeneration: { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'Run', id: string, kind: RunKind, status: RunStatus } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type BatchProgressSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
}>;


export type BatchProgressSubscription = { __typename?: 'Subscription', runEvents: { __typename: 'CitationAdded', seq: number } | { __typename: 'FallbackUsed', seq: number } | { __typename: 'QueuePositionChanged', seq: number } | { __typename: 'RetryScheduled', seq: number } | { __typename: 'RunCompacted', seq: number } | { __typename: 'RunItemFinished', seq: number, item: { __typename: 'RunItem', index: number, target?: string | null, key?: string | null, status: RunItemStatus, output?: string | null, error?: string | null, latencyMs?: number | null, timeToFirstTokenMs?: number | null, tokensPerSecond?: number | null } } | { __typename: 'RunProgress', done: number, total?: number | null, fraction?: number | null, seq: number } | { __typename: 'RunStatusChanged', status: RunStatus, error?: string | null, seq: number } | { __typename: 'RunUsageReported', seq: number } | { __typename: 'TokenDelta', seq: number } | { __typename: 'ToolCallArgumentsDelta', seq: number } | { __typename: 'ToolCallFinished', seq: number } | { __typename: 'ToolCallStarted', seq: number } | { __typename: 'ToolCallWaiting', seq: number } };

export type RunReportQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RunReportQuery = { __typename: 'Query', run: { __typename: 'Run', kind: RunKind, status: RunStatus, report?: { __typename: 'BenchmarkResult', iterations: number, concurrency: number, hardware: unknown, models: Array<{ __typename: 'BenchmarkModelResult', model: string, iterations: number, errors: number, timeToFirstTokenMs: { __typename: 'Percentiles', p50?: number | null, p95?: number | null }, tokensPerSecond: { __typename: 'Percentiles', p50?: number | null, p95?: number | null }, latencyMs: { __typename: 'Percentiles', p50?: number | null, p95?: number | null } }> } | { __typename: 'GenerationResult', items: number, succeeded: number, failed: number, outputs: Array<string | null> } | { __typename: 'TestRunResult' } | null, items: { __typename: 'RunItemConnection', totalCount: number, nodes: Array<{ __typename: 'RunItem', index: number, target?: string | null, key?: string | null, status: RunItemStatus, output?: string | null, error?: string | null }> } } };

export type RunExportQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  format?: InputMaybe<ExportFormat>;
}>;


export type RunExportQuery = { __typename: 'Query', runExport: string };

export type CompareBenchmarksQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
  models?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type CompareBenchmarksQuery = { __typename: 'Query', compareBenchmarks: Array<{ __typename: 'BenchmarkComparisonRow', runId: string, createdAt: string, machine?: string | null, result: { __typename: 'BenchmarkModelResult', model: string, iterations: number, errors: number, timeToFirstTokenMs: { __typename: 'Percentiles', p50?: number | null, p95?: number | null }, tokensPerSecond: { __typename: 'Percentiles', p50?: number | null, p95?: number | null }, latencyMs: { __typename: 'Percentiles', p50?: number | null, p95?: number | null } } }> };

export type AddTextMutationVariables = Exact<{
  input: AddTextInput;
}>;


export type AddTextMutation = { __typename: 'Mutation', addText: { __typename: 'ContentAdded', created: boolean, ingestRunId?: string | null, content: { __typename: 'Content', id: string, title: string, status: ContentStatus, mediaType: MediaType } } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type UploadContentMutationVariables = Exact<{
  file: Scalars['Upload']['input'];
  input?: InputMaybe<UploadContentInput>;
}>;


export type UploadContentMutation = { __typename: 'Mutation', uploadContent: { __typename: 'ContentAdded', created: boolean, ingestRunId?: string | null, content: { __typename: 'Content', id: string, title: string, status: ContentStatus, mediaType: MediaType, mime: string, sizeBytes: number, metadata: unknown } } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type ContentsQueryVariables = Exact<{
  filter?: InputMaybe<ContentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ContentsQuery = { __typename: 'Query', contents: { __typename: 'ContentConnection', totalCount: number, nodes: Array<{ __typename: 'Content', id: string, title: string, mediaType: MediaType, mime: string, status: ContentStatus, error?: string | null, chunkCount?: number | null, sizeBytes: number, createdAt: string, agent?: { __typename: 'Agent', id: string, name: string } | null }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type DeleteContentMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteContentMutation = { __typename: 'Mutation', deleteContent: { __typename: 'Deleted', id: string } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type SearchQueryVariables = Exact<{
  input: SearchInput;
}>;


export type SearchQuery = { __typename: 'Query', search: Array<{ __typename: 'SearchHit', score: number, text: string, chunkIndex: number, content: { __typename: 'Content', id: string, title: string, mediaType: MediaType } }> };

export type ContentStatusSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ContentStatusSubscription = { __typename?: 'Subscription', contentStatus: { __typename: 'ContentStatusUpdate', done?: number | null, total?: number | null, fraction?: number | null, content: { __typename: 'Content', id: string, status: ContentStatus, error?: string | null, chunkCount?: number | null } } };

export type AddEmbeddingMutationVariables = Exact<{
  input: AddEmbeddingInput;
}>;


export type AddEmbeddingMutation = { __typename: 'Mutation', addEmbedding: { __typename: 'ContentAdded', created: boolean, content: { __typename: 'Content', id: string, title: string, mediaType: MediaType, status: ContentStatus } } | { __typename: 'NotFoundError' } | { __typename: 'ValidationError', message: string, field?: string | null } };

export type IndexStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type IndexStatusQuery = { __typename: 'Query', indexStatus: { __typename: 'IndexStatus', embeddingModel: string, contents: number, staleContents: number, memories: number, staleMemories: number } };

export type ReindexMutationVariables = Exact<{
  force?: InputMaybe<Scalars['Boolean']['input']>;
}>;


export type ReindexMutation = { __typename: 'Mutation', reindex: { __typename: 'Run', id: string, kind: RunKind, status: RunStatus } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type CreateMemoryMutationVariables = Exact<{
  input: CreateMemoryInput;
}>;


export type CreateMemoryMutation = { __typename: 'Mutation', createMemory: { __typename: 'Memory', id: string, kind: MemoryKind, text: string, expiresAt?: string | null } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type MemoriesQueryVariables = Exact<{
  filter?: InputMaybe<MemoryFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type MemoriesQuery = { __typename: 'Query', memories: { __typename: 'MemoryConnection', totalCount: number, nodes: Array<{ __typename: 'Memory', id: string, kind: MemoryKind, text: string, mentions: number, expiresAt?: string | null, createdAt: string, sourceMessage?: { __typename: 'Message', id: string, content: string } | null }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type SearchMemoriesQueryVariables = Exact<{
  input: MemorySearchInput;
}>;


export type SearchMemoriesQuery = { __typename: 'Query', searchMemories: Array<{ __typename: 'MemoryHit', score: number, memory: { __typename: 'Memory', id: string, kind: MemoryKind, text: string } }> };

export type ClearMemoriesMutationVariables = Exact<{
  agentId: Scalars['ID']['input'];
  kinds?: InputMaybe<Array<MemoryKind> | MemoryKind>;
  olderThan?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type ClearMemoriesMutation = { __typename: 'Mutation', clearMemories: { __typename: 'MemoriesCleared', count: number } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type UseRetrievalMutationVariables = Exact<{
  agentId: Scalars['ID']['input'];
  retrieval: RetrievalOptionsInput;
}>;


export type UseRetrievalMutation = { __typename: 'Mutation', updateAgent: { __typename: 'Agent', id: string, retrieval: { __typename: 'RetrievalOptions', useKnowledge: boolean, knowledgeScope: KnowledgeScope, useMemory: boolean, topK?: number | null, mode: SearchMode, extractMemories: boolean } } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type MessageCitationsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MessageCitationsQuery = { __typename: 'Query', node?: { __typename: 'Agent' } | { __typename: 'ApiKey' } | { __typename: 'Content' } | { __typename: 'Conversation' } | { __typename: 'GenerationTemplate' } | { __typename: 'Memory' } | { __typename: 'Message', content: string, citations: Array<{ __typename: 'Citation', rank: number, kind: CitationKind, score: number, text: string, chunkIndex?: number | null, content?: { __typename: 'Content', id: string, title: string } | null, memory?: { __typename: 'Memory', id: string, text: string } | null }> } | { __typename: 'Run' } | { __typename: 'Session' } | { __typename: 'TestSuite' } | { __typename: 'User' } | null };

export type HardwareQueryVariables = Exact<{ [key: string]: never; }>;


export type HardwareQuery = { __typename: 'Query', hardware: { __typename: 'Hardware', cpuModel?: string | null, physicalCores?: number | null, logicalCores?: number | null, usableCores?: number | null, memoryTotalBytes?: number | null, memoryAvailableBytes?: number | null, os: string, osRelease: string, architecture: string, platform: string, pythonVersion: string, gpus: Array<{ __typename: 'Gpu', name: string, memoryBytes?: number | null, driver?: string | null }>, llamaCpp: { __typename: 'LlamaCppBuild', version?: string | null, backends: Array<string>, gpuOffload?: boolean | null, mmap?: boolean | null, mlock?: boolean | null, features: Array<{ __typename: 'LlamaCppFeature', backend: string, name: string, value: string }> } } };

export type PullModelMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type PullModelMutation = { __typename: 'Mutation', pullModel: { __typename: 'Run', id: string, kind: RunKind, status: RunStatus, model?: string | null, queuePosition?: number | null } | { __typename: 'ValidationError', message: string, code: ErrorCode, field?: string | null } };

export type PullProgressSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['Int']['input']>;
}>;


export type PullProgressSubscription = { __typename?: 'Subscription', runEvents: { __typename: 'CitationAdded', seq: number } | { __typename: 'FallbackUsed', seq: number } | { __typename: 'QueuePositionChanged', seq: number } | { __typename: 'RetryScheduled', seq: number } | { __typename: 'RunCompacted', seq: number } | { __typename: 'RunItemFinished', seq: number } | { __typename: 'RunProgress', done: number, total?: number | null, fraction?: number | null, message?: string | null, seq: number } | { __typename: 'RunStatusChanged', status: RunStatus, error?: string | null, seq: number } | { __typename: 'RunUsageReported', seq: number } | { __typename: 'TokenDelta', seq: number } | { __typename: 'ToolCallArgumentsDelta', seq: number } | { __typename: 'ToolCallFinished', seq: number } | { __typename: 'ToolCallStarted', seq: number } | { __typename: 'ToolCallWaiting', seq: number } };

export type DeleteModelMutationVariables = Exact<{
  name: Scalars['String']['input'];
}>;


export type DeleteModelMutation = { __typename: 'Mutation', deleteModel: { __typename: 'ModelDeleted', name: string } | { __typename: 'NotFoundError', message: string, code: ErrorCode, id: string } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type TestSuiteFieldsFragment = { __typename: 'TestSuite', id: string, name: string, description: string, caseCount: number, updatedAt: string, cases: Array<{ __typename: 'TestCase', name: string, prompt?: string | null, maxTokens?: number | null, messages?: Array<{ __typename: 'TestMessage', role: MessageRole, content: string }> | null, agent?: { __typename: 'Agent', id: string, name: string } | null, assertions: Array<{ __typename: 'TestAssertion', type: AssertionType, value?: string | null, caseSensitive?: boolean | null, pattern?: string | null, schema?: unknown | null, maxMs?: number | null, maxTokens?: number | null, rubric?: string | null, judge?: string | null }> }> } & { ' $fragmentName'?: 'TestSuiteFieldsFragment' };

export type CreateTestSuiteMutationVariables = Exact<{
  input: CreateTestSuiteInput;
}>;


export type CreateTestSuiteMutation = { __typename: 'Mutation', createTestSuite: { __typename: 'NotFoundError', message: string, code: ErrorCode } | (
    { __typename: 'TestSuite' }
    & { ' $fragmentRefs'?: { 'TestSuiteFieldsFragment': TestSuiteFieldsFragment } }
  ) | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type UpdateTestSuiteMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateTestSuiteInput;
}>;


export type UpdateTestSuiteMutation = { __typename: 'Mutation', updateTestSuite: { __typename: 'NotFoundError', message: string, code: ErrorCode } | (
    { __typename: 'TestSuite' }
    & { ' $fragmentRefs'?: { 'TestSuiteFieldsFragment': TestSuiteFieldsFragment } }
  ) | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type DeleteTestSuiteMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteTestSuiteMutation = { __typename: 'Mutation', deleteTestSuite: { __typename: 'Deleted', id: string } | { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'ValidationError', message: string, code: ErrorCode } };

export type TestSuiteQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TestSuiteQuery = { __typename: 'Query', testSuite: (
    { __typename: 'TestSuite' }
    & { ' $fragmentRefs'?: { 'TestSuiteFieldsFragment': TestSuiteFieldsFragment } }
  ) };

export type TestSuitesQueryVariables = Exact<{
  search?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TestSuitesQuery = { __typename: 'Query', testSuites: { __typename: 'TestSuiteConnection', totalCount: number, nodes: Array<{ __typename: 'TestSuite', id: string, name: string, caseCount: number, updatedAt: string }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type TestSuiteExportQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  format?: InputMaybe<SuiteFormat>;
}>;


export type TestSuiteExportQuery = { __typename: 'Query', testSuiteExport: string };

export type ImportTestSuiteMutationVariables = Exact<{
  document: Scalars['String']['input'];
  format?: InputMaybe<SuiteFormat>;
}>;


export type ImportTestSuiteMutation = { __typename: 'Mutation', importTestSuite: { __typename: 'ImportError', message: string, path?: string | null } | { __typename: 'TestSuite', id: string, name: string, caseCount: number } };

export type StartTestRunMutationVariables = Exact<{
  input: StartTestRunInput;
}>;


export type StartTestRunMutation = { __typename: 'Mutation', startTestRun: { __typename: 'NotFoundError', message: string, code: ErrorCode } | { __typename: 'Run', id: string, status: RunStatus, queuePosition?: number | null } | { __typename: 'ValidationError', message: string, field?: string | null, code: ErrorCode } };

export type TestRunEventsSubscriptionVariables = Exact<{
  runId: Scalars['ID']['input'];
  after?: InputMaybe<Scalars['Int']['input']>;
}>;


export type TestRunEventsSubscription = { __typename?: 'Subscription', runEvents: { __typename: 'CitationAdded', seq: number } | { __typename: 'FallbackUsed', seq: number } | { __typename: 'QueuePositionChanged', seq: number } | { __typename: 'RetryScheduled', seq: number } | { __typename: 'RunCompacted', seq: number } | { __typename: 'RunItemFinished', seq: number, item: { __typename: 'RunItem', index: number, target?: string | null, key?: string | null, status: RunItemStatus, output?: string | null, error?: string | null, details: unknown, latencyMs?: number | null, completionTokens?: number | null } } | { __typename: 'RunProgress', done: number, total?: number | null, fraction?: number | null, message?: string | null, seq: number } | { __typename: 'RunStatusChanged', status: RunStatus, error?: string | null, seq: number } | { __typename: 'RunUsageReported', seq: number } | { __typename: 'TokenDelta', seq: number } | { __typename: 'ToolCallArgumentsDelta', seq: number } | { __typename: 'ToolCallFinished', seq: number } | { __typename: 'ToolCallStarted', seq: number } | { __typename: 'ToolCallWaiting', seq: number } };

export type TestRunResultsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type TestRunResultsQuery = { __typename: 'Query', run: { __typename: 'Run', status: RunStatus, error?: string | null, report?: { __typename: 'BenchmarkResult' } | { __typename: 'GenerationResult' } | { __typename: 'TestRunResult', suiteId?: string | null, cases: number, repeats: number, targets: Array<{ __typename: 'TargetPassRate', target: string, passed: number, total: number, passRate: number }> } | null, items: { __typename: 'RunItemConnection', totalCount: number, nodes: Array<{ __typename: 'RunItem', index: number, target?: string | null, key?: string | null, status: RunItemStatus, output?: string | null, error?: string | null, details: unknown, latencyMs?: number | null, completionTokens?: number | null }>, pageInfo: { __typename: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } };

export type CompareTestRunsQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type CompareTestRunsQuery = { __typename: 'Query', compareTestRuns: { __typename: 'TestComparison', runs: Array<{ __typename: 'Run', id: string, createdAt: string, status: RunStatus }>, targets: Array<{ __typename: 'TestTargetComparison', target: string, runs: Array<{ __typename: 'TestTargetRunPassRate', runId: string, passed?: number | null, total?: number | null, passRate?: number | null }> }>, cases: Array<{ __typename: 'TestCaseComparison', case: string, results: Array<{ __typename: 'TestCaseRunResult', runId: string, target: string, passed: boolean, passes: number, total: number, status: RunItemStatus, output?: string | null, reasons: Array<string> }> }> } };

export const AgentFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"template"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"systemPrompt"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"temperature"}},{"kind":"Field","name":{"kind":"Name","value":"topP"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AgentFieldsFragment, unknown>;
export const RunEventFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TokenDelta"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QueuePositionChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunUsageReported"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RetryScheduled"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"delaySeconds"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<RunEventFieldsFragment, unknown>;
export const MessageFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}}]} as unknown as DocumentNode<MessageFieldsFragment, unknown>;
export const TestSuiteFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TestSuiteFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestSuite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"caseCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"assertions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"caseSensitive"}},{"kind":"Field","name":{"kind":"Name","value":"pattern"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"rubric"}},{"kind":"Field","name":{"kind":"Name","value":"judge"}}]}}]}}]}}]} as unknown as DocumentNode<TestSuiteFieldsFragment, unknown>;
export const AgentTemplatesDocument = {"__meta__":{"hash":"c809790a54aca09b4100bcea9d1df398603f3b5a38614d3480ea1e13f1850495"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentTemplates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"agentTemplates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"model"}}]}}]}}]} as unknown as DocumentNode<AgentTemplatesQuery, AgentTemplatesQueryVariables>;
export const AgentsDocument = {"__meta__":{"hash":"67676febfb9ad081a0b9364e21b427fc6cb8e7ee8fb348cd8f4602e742c98ef7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Agents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AgentFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"agents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AgentFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"template"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"systemPrompt"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"temperature"}},{"kind":"Field","name":{"kind":"Name","value":"topP"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AgentsQuery, AgentsQueryVariables>;
export const AgentDocument = {"__meta__":{"hash":"70989c9f17df7f8f20d87aa55e17b148623df9d11028d3fa9a059ea13893cf1d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Agent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AgentFields"}},{"kind":"Field","name":{"kind":"Name","value":"conversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"template"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"systemPrompt"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"temperature"}},{"kind":"Field","name":{"kind":"Name","value":"topP"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<AgentQuery, AgentQueryVariables>;
export const CreateAgentDocument = {"__meta__":{"hash":"1f7e2983c3458bed775a0756470773ed67743d4be7f499fb2225eddb4bbfc1e2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateAgentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"createAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AgentFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"template"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"systemPrompt"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"temperature"}},{"kind":"Field","name":{"kind":"Name","value":"topP"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<CreateAgentMutation, CreateAgentMutationVariables>;
export const UpdateAgentDocument = {"__meta__":{"hash":"817be3530ced2c674cd0fd84b5623362fe3c8ab79fbdc7105492b7085495efd4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateAgentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"updateAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"AgentFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AgentFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"template"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"systemPrompt"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"temperature"}},{"kind":"Field","name":{"kind":"Name","value":"topP"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]} as unknown as DocumentNode<UpdateAgentMutation, UpdateAgentMutationVariables>;
export const DeleteAgentDocument = {"__meta__":{"hash":"c8bd2120425f96223e9632c0938a822824c25b849dbfc9092a4d2c130bf26960"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"deleteAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteAgentMutation, DeleteAgentMutationVariables>;
export const AgentExportDocument = {"__meta__":{"hash":"b533843c78bd261c7c32c0b31bfa2b26fc96a7c874c4c1e6f2a424e88c329ada"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AgentExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"agentExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<AgentExportQuery, AgentExportQueryVariables>;
export const ImportAgentDocument = {"__meta__":{"hash":"b2a3cf27fec236c92268200a31ae00904213dcaecc081798f11669b1d301186f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"document"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"importAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"document"},"value":{"kind":"Variable","name":{"kind":"Name","value":"document"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImportError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ImportAgentMutation, ImportAgentMutationVariables>;
export const RegisterDocument = {"__meta__":{"hash":"6d3140af8a0a604283a7077222722be65f053abd93aa9a81ec1e5b720bfe2771"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Register"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"register"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresIn"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RegisterMutation, RegisterMutationVariables>;
export const LoginDocument = {"__meta__":{"hash":"0a2ebc68a6f08a635a41d5a01c23d905a8bc50dde3ce27101754d6fde8a3ba74"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresIn"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const RefreshTokenDocument = {"__meta__":{"hash":"67a23e8a11cdf260d2507a1ed6c8d6b6286a64a996d01aab9f04b7c040165f72"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"refreshToken"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"refreshToken"},"value":{"kind":"Variable","name":{"kind":"Name","value":"refreshToken"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"accessToken"}},{"kind":"Field","name":{"kind":"Name","value":"refreshToken"}},{"kind":"Field","name":{"kind":"Name","value":"expiresIn"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RefreshTokenMutation, RefreshTokenMutationVariables>;
export const MeDocument = {"__meta__":{"hash":"ff7eba1a614ea62c10aca8bc6f91d74826205ebf63ffb27bbe14bed9b09687ce"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}},{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const CreateApiKeyDocument = {"__meta__":{"hash":"e36c8993b74fd20541ab1e22fb223e76861f2dd40a35035bba9e393f2768657c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"createApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKeyCreated"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const ConfigDocument = {"__meta__":{"hash":"f69a00d8fb96530dc4c4ba0e171e40e89c88f0ed06e401a498bae9e207765d1e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"server"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"host"}},{"kind":"Field","name":{"kind":"Name","value":"port"}},{"kind":"Field","name":{"kind":"Name","value":"authMode"}},{"kind":"Field","name":{"kind":"Name","value":"databaseBackend"}},{"kind":"Field","name":{"kind":"Name","value":"dataDir"}},{"kind":"Field","name":{"kind":"Name","value":"configFile"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"ollamaHost"}},{"kind":"Field","name":{"kind":"Name","value":"anthropicBaseUrl"}},{"kind":"Field","name":{"kind":"Name","value":"anthropicApiKeySet"}},{"kind":"Field","name":{"kind":"Name","value":"requestTimeoutSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxRetries"}}]}},{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"chat"}},{"kind":"Field","name":{"kind":"Name","value":"embedding"}}]}},{"kind":"Field","name":{"kind":"Name","value":"retrieval"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"topK"}},{"kind":"Field","name":{"kind":"Name","value":"scoreThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"chunkSize"}},{"kind":"Field","name":{"kind":"Name","value":"chunkOverlap"}}]}},{"kind":"Field","name":{"kind":"Name","value":"limits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"defaultPageSize"}},{"kind":"Field","name":{"kind":"Name","value":"maxPageSize"}},{"kind":"Field","name":{"kind":"Name","value":"maxNameLength"}},{"kind":"Field","name":{"kind":"Name","value":"maxTextLength"}},{"kind":"Field","name":{"kind":"Name","value":"maxQueryDepth"}},{"kind":"Field","name":{"kind":"Name","value":"maxImportBytes"}}]}}]}}]}}]} as unknown as DocumentNode<ConfigQuery, ConfigQueryVariables>;
export const ValidateConfigDocument = {"__meta__":{"hash":"93f775f837cfd71080e1f1e7415333555336835f72f227506c9383e1a41ae945"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ValidateConfig"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"validateConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ValidateConfigMutation, ValidateConfigMutationVariables>;
export const UpdateConfigDocument = {"__meta__":{"hash":"6f70c37a021c7cb76e68c2b441bbec455706943f9ab2b7ca538ffb48beefdb6c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateConfig"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"updateConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Config"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"retrieval"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"topK"}}]}},{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"chat"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateConfigMutation, UpdateConfigMutationVariables>;
export const ReloadConfigDocument = {"__meta__":{"hash":"b20189cfc38923fd4a881d236a089d3fbdea28bb336fbf846a7c7559623b0d25"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReloadConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"reloadConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConfigError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"problems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReloadConfigMutation, ReloadConfigMutationVariables>;
export const SendMessageDocument = {"__meta__":{"hash":"43c7e4e26bb9ce4b3db0b28f66b9d020e42421f4dcb5c48034319f286168d779"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"sendMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatTurn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assistantMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}}]} as unknown as DocumentNode<SendMessageMutation, SendMessageMutationVariables>;
export const RegenerateMessageDocument = {"__meta__":{"hash":"01f6e750639b61c55d393c516b5003d1e4a5b81276db778de27365d87842a54c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RegenerateMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"model"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"regenerateMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"model"},"value":{"kind":"Variable","name":{"kind":"Name","value":"model"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatTurn"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"assistantMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}}]} as unknown as DocumentNode<RegenerateMessageMutation, RegenerateMessageMutationVariables>;
export const ClearConversationDocument = {"__meta__":{"hash":"e07d60b44b2bc63b1c16c33a8ee102aa3ebeff32ef0ad5dce7dcd37ebca4d272"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClearConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"clearConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ClearConversationMutation, ClearConversationMutationVariables>;
export const CancelRunDocument = {"__meta__":{"hash":"c22e4b6a93252b812e6a0535c06b9b608ff4930ab3a6ddfabf54c26cb4976967"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cancelRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunFinishedError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CancelRunMutation, CancelRunMutationVariables>;
export const RunEventsDocument = {"__meta__":{"hash":"5cc33effab0d2618c784b9a5c11ef93e583b29cd38dd65982a6a31115dad5e49"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RunEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunEventFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TokenDelta"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QueuePositionChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunUsageReported"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RetryScheduled"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"delaySeconds"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<RunEventsSubscription, RunEventsSubscriptionVariables>;
export const RunEventLogDocument = {"__meta__":{"hash":"be76aff665baa3562eef658b191e441485c6b0b12f608186f6a221928dd3e543"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunEventLog"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"runEventLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunEventFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TokenDelta"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QueuePositionChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunUsageReported"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RetryScheduled"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"delaySeconds"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<RunEventLogQuery, RunEventLogQueryVariables>;
export const ConversationEventsDocument = {"__meta__":{"hash":"a730ba126a07262430d58ae2addaa65106e77fff15d63d477ad6fa2c5977b67b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConversationEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"conversationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversationEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conversationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"conversationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageAdded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationRunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"RunEventFields"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RunEventFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TokenDelta"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"QueuePositionChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunUsageReported"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RetryScheduled"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"delaySeconds"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<ConversationEventsSubscription, ConversationEventsSubscriptionVariables>;
export const RunDocument = {"__meta__":{"hash":"590c16a387815a24e49c15ae3fdef753ba27c455a4ba128611e0aaebcd3842cf"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Run"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"lastSeq"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"}}]}},{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}}]} as unknown as DocumentNode<RunQuery, RunQueryVariables>;
export const RunsDocument = {"__meta__":{"hash":"e5094755cda770f7e8a320f84c98fa6b535e60e1690b0e096ec6b9a64b8a67ca"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Runs"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatus"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<RunsQuery, RunsQueryVariables>;
export const ModelsAndProvidersDocument = {"__meta__":{"hash":"3e244dcd5c407834b2ce679964770366493e329c30b658375f76627464de6cd6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelsAndProviders"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"family"}},{"kind":"Field","name":{"kind":"Name","value":"parameterSize"}},{"kind":"Field","name":{"kind":"Name","value":"quantization"}},{"kind":"Field","name":{"kind":"Name","value":"contextLength"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"providers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ok"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}}]} as unknown as DocumentNode<ModelsAndProvidersQuery, ModelsAndProvidersQueryVariables>;
export const ConversationsDocument = {"__meta__":{"hash":"b4d0955137f5cf3b58960acb14f7242b0d49ec2161bbf48cf12653e56742c94e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Conversations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"conversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConversationsQuery, ConversationsQueryVariables>;
export const ConversationMessagesDocument = {"__meta__":{"hash":"36ba4d9eb68860b7eff397b8a8bfe132a31b3cc0d1d964df444159afc9155d5c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConversationMessages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"model"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}}]} as unknown as DocumentNode<ConversationMessagesQuery, ConversationMessagesQueryVariables>;
export const StartConversationDocument = {"__meta__":{"hash":"574b69e9f06b45f4487a8ce9137f0cf31114a208f199ad0f07f05fb1ce25a4bb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"title"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"startConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"title"},"value":{"kind":"Variable","name":{"kind":"Name","value":"title"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<StartConversationMutation, StartConversationMutationVariables>;
export const RenameConversationDocument = {"__meta__":{"hash":"b70ea71b3d1dc6e234deead813667fd8d66f448f72c188cd69b7fbd17b927a02"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RenameConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"title"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"renameConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"title"},"value":{"kind":"Variable","name":{"kind":"Name","value":"title"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<RenameConversationMutation, RenameConversationMutationVariables>;
export const DeleteConversationDocument = {"__meta__":{"hash":"5f3bbd153b408c23c9bd607b6a30e3d96c3a40935275339528b8a6ec364a5806"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"deleteConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteConversationMutation, DeleteConversationMutationVariables>;
export const AppendMessageDocument = {"__meta__":{"hash":"638fc902cba27f2f42bd8b85770aff90c7dec157d5acf0ec5d649be8bbeabe62"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AppendMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AppendMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"appendMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"usage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}}]} as unknown as DocumentNode<AppendMessageMutation, AppendMessageMutationVariables>;
export const NodeDocument = {"__meta__":{"hash":"c1cb3e2e7e1cc36b673519a1d713973f5b649a879dc91fd35f01a1912fc7f545"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Node"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]}}]}}]} as unknown as DocumentNode<NodeQuery, NodeQueryVariables>;
export const StartBenchmarkDocument = {"__meta__":{"hash":"f6c653482006473257087cce81fa0ebed4bbf10d572ab2be732a91aef3c35729"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartBenchmark"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BenchmarkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"startBenchmark"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<StartBenchmarkMutation, StartBenchmarkMutationVariables>;
export const StartGenerationDocument = {"__meta__":{"hash":"ce604f387324e1ec2aed437d602d84550681c9e7a6809f3850ad9ee6b5c23e6f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartGeneration"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"GenerationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"startGeneration"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<StartGenerationMutation, StartGenerationMutationVariables>;
export const BatchProgressDocument = {"__meta__":{"hash":"2b63fe25776d1ceaca353e17d3ca318ac7ba89344157b85eee819815b14e5e1c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BatchProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunItemFinished"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"output"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]} as unknown as DocumentNode<BatchProgressSubscription, BatchProgressSubscriptionVariables>;
export const RunReportDocument = {"__meta__":{"hash":"b2e7846e9d0ca459c01e0fc7f5cd1be0dd9c6a7109555137671018f028145716"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BenchmarkResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"iterations"}},{"kind":"Field","name":{"kind":"Name","value":"concurrency"}},{"kind":"Field","name":{"kind":"Name","value":"hardware"}},{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"iterations"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GenerationResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"items"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"outputs"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"output"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RunReportQuery, RunReportQueryVariables>;
export const RunExportDocument = {"__meta__":{"hash":"b8f65880f6a77b372475beb4e835c699d679107c681d7be0cd41ddb3a7395ebe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RunExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ExportFormat"}},"defaultValue":{"kind":"EnumValue","value":"CSV"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"runExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}]}]}}]} as unknown as DocumentNode<RunExportQuery, RunExportQueryVariables>;
export const CompareBenchmarksDocument = {"__meta__":{"hash":"e64d742ef7943667e74522fd9117da88c48ad8b41db2bb1ffe8d89399786f149"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompareBenchmarks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"models"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"compareBenchmarks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"models"},"value":{"kind":"Variable","name":{"kind":"Name","value":"models"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"machine"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"iterations"}},{"kind":"Field","name":{"kind":"Name","value":"errors"}},{"kind":"Field","name":{"kind":"Name","value":"timeToFirstTokenMs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tokensPerSecond"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompareBenchmarksQuery, CompareBenchmarksQueryVariables>;
export const AddTextDocument = {"__meta__":{"hash":"528997d0832a949a28869b11c3054eb8ef48dbca554124ef62212543d773d4b9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddText"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddTextInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"addText"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContentAdded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"ingestRunId"}},{"kind":"Field","name":{"kind":"Name","value":"content"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mediaType"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<AddTextMutation, AddTextMutationVariables>;
export const UploadContentDocument = {"__meta__":{"hash":"a10486f60d06708720d8a74fd4fccb3ab8982cce974894912f5655b2d1a579d2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UploadContent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"UploadContentInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"uploadContent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContentAdded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"ingestRunId"}},{"kind":"Field","name":{"kind":"Name","value":"content"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"mediaType"}},{"kind":"Field","name":{"kind":"Name","value":"mime"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"metadata"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<UploadContentMutation, UploadContentMutationVariables>;
export const ContentsDocument = {"__meta__":{"hash":"b971a25aafb3aa977247cc0285348436c41d93069ecd7a5c0199734b41be091c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Contents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContentFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"contents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"mediaType"}},{"kind":"Field","name":{"kind":"Name","value":"mime"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"chunkCount"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ContentsQuery, ContentsQueryVariables>;
export const DeleteContentDocument = {"__meta__":{"hash":"ddb428c98386c8571664fcbb1400688ffb4895070c64124c9576d747e34c6eec"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteContent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"deleteContent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteContentMutation, DeleteContentMutationVariables>;
export const SearchDocument = {"__meta__":{"hash":"32e1d3eba183cba413f752111ee9de60ec3dcb853e31ae794ba646b9416b4bd7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Search"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"search"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"content"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"mediaType"}}]}}]}}]}}]} as unknown as DocumentNode<SearchQuery, SearchQueryVariables>;
export const ContentStatusDocument = {"__meta__":{"hash":"780b5c805161c159d81117f9e8e07318b02af6b66cbcf2ad6999c3cd3bc9e2b6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ContentStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contentStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}},{"kind":"Field","name":{"kind":"Name","value":"content"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"chunkCount"}}]}}]}}]}}]} as unknown as DocumentNode<ContentStatusSubscription, ContentStatusSubscriptionVariables>;
export const AddEmbeddingDocument = {"__meta__":{"hash":"00d97ee6efb89f36088df272851467259b4b1c6209ceac9a81dbeed35b855773"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddEmbedding"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddEmbeddingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"addEmbedding"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContentAdded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"content"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"mediaType"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<AddEmbeddingMutation, AddEmbeddingMutationVariables>;
export const IndexStatusDocument = {"__meta__":{"hash":"bcffbc13cf1ad241487dc88f8b11d0144e8f2eef0803ae42b5f8d9d902dcd6b9"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IndexStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"indexStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"embeddingModel"}},{"kind":"Field","name":{"kind":"Name","value":"contents"}},{"kind":"Field","name":{"kind":"Name","value":"staleContents"}},{"kind":"Field","name":{"kind":"Name","value":"memories"}},{"kind":"Field","name":{"kind":"Name","value":"staleMemories"}}]}}]}}]} as unknown as DocumentNode<IndexStatusQuery, IndexStatusQueryVariables>;
export const ReindexDocument = {"__meta__":{"hash":"e97625c883c44aed715c571ad2d6d9a71b1a4205d4d71720891b097892aacd9b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Reindex"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}},"defaultValue":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"reindex"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ReindexMutation, ReindexMutationVariables>;
export const CreateMemoryDocument = {"__meta__":{"hash":"ae19d7faec462bc6707462a4f4521e2e3ac91c93988fed65ed7f4ea51537c8fc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateMemory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateMemoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"createMemory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Memory"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<CreateMemoryMutation, CreateMemoryMutationVariables>;
export const MemoriesDocument = {"__meta__":{"hash":"926e2416861738b940f026badd518d292039cee621fafc88f822796c254b1199"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Memories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MemoryFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"memories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"mentions"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"sourceMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<MemoriesQuery, MemoriesQueryVariables>;
export const SearchMemoriesDocument = {"__meta__":{"hash":"7b5ca3a132f609e5022fd36f3956e5c8d623dad5574974213c9be627d76014d6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SearchMemories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MemorySearchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"searchMemories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"memory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]} as unknown as DocumentNode<SearchMemoriesQuery, SearchMemoriesQueryVariables>;
export const ClearMemoriesDocument = {"__meta__":{"hash":"477c69badea7f24b4390cc8c81a587f78d4f07c530b317891ffe7a6b3722f8c0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClearMemories"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"kinds"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MemoryKind"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"olderThan"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"clearMemories"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"kinds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"kinds"}}},{"kind":"Argument","name":{"kind":"Name","value":"olderThan"},"value":{"kind":"Variable","name":{"kind":"Name","value":"olderThan"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MemoriesCleared"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<ClearMemoriesMutation, ClearMemoriesMutationVariables>;
export const UseRetrievalDocument = {"__meta__":{"hash":"c6b1a1349a1d12ef42641e350669350dbd92abd4abfa9f91ee7f4e8b664bcc22"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UseRetrieval"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"retrieval"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetrievalOptionsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"updateAgent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"retrieval"},"value":{"kind":"Variable","name":{"kind":"Name","value":"retrieval"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Agent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"retrieval"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"useKnowledge"}},{"kind":"Field","name":{"kind":"Name","value":"knowledgeScope"}},{"kind":"Field","name":{"kind":"Name","value":"useMemory"}},{"kind":"Field","name":{"kind":"Name","value":"topK"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"extractMemories"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<UseRetrievalMutation, UseRetrievalMutationVariables>;
export const MessageCitationsDocument = {"__meta__":{"hash":"86bb17d814f0529c12ae9e5f15a3d113f163b59f4f27605498114a898f2d359e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MessageCitations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"content"}},{"kind":"Field","name":{"kind":"Name","value":"citations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"chunkIndex"}},{"kind":"Field","name":{"kind":"Name","value":"content"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}},{"kind":"Field","name":{"kind":"Name","value":"memory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MessageCitationsQuery, MessageCitationsQueryVariables>;
export const HardwareDocument = {"__meta__":{"hash":"32567a97feeedece6adc0f1fb90638f4a346f47c24c72bcca369bae1375e24d8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Hardware"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hardware"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"cpuModel"}},{"kind":"Field","name":{"kind":"Name","value":"physicalCores"}},{"kind":"Field","name":{"kind":"Name","value":"logicalCores"}},{"kind":"Field","name":{"kind":"Name","value":"usableCores"}},{"kind":"Field","name":{"kind":"Name","value":"memoryTotalBytes"}},{"kind":"Field","name":{"kind":"Name","value":"memoryAvailableBytes"}},{"kind":"Field","name":{"kind":"Name","value":"gpus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memoryBytes"}},{"kind":"Field","name":{"kind":"Name","value":"driver"}}]}},{"kind":"Field","name":{"kind":"Name","value":"os"}},{"kind":"Field","name":{"kind":"Name","value":"osRelease"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"platform"}},{"kind":"Field","name":{"kind":"Name","value":"pythonVersion"}},{"kind":"Field","name":{"kind":"Name","value":"llamaCpp"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"backends"}},{"kind":"Field","name":{"kind":"Name","value":"gpuOffload"}},{"kind":"Field","name":{"kind":"Name","value":"mmap"}},{"kind":"Field","name":{"kind":"Name","value":"mlock"}},{"kind":"Field","name":{"kind":"Name","value":"features"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"backend"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HardwareQuery, HardwareQueryVariables>;
export const PullModelDocument = {"__meta__":{"hash":"a81ba95d7f173685990d37bc0ca17787070aeb792a22815c202a0926b836a6d4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PullModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"pullModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<PullModelMutation, PullModelMutationVariables>;
export const PullProgressDocument = {"__meta__":{"hash":"810661075980f1dc0da540f822b7647ef5366ae403809a3bda3be7bbbc3f070b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"PullProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]} as unknown as DocumentNode<PullProgressSubscription, PullProgressSubscriptionVariables>;
export const DeleteModelDocument = {"__meta__":{"hash":"cb131c828162d379710cd6df9dd2c9e6435e98fbb9c7cf9ceec6d3739c32cd7f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"deleteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelDeleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NotFoundError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteModelMutation, DeleteModelMutationVariables>;
export const CreateTestSuiteDocument = {"__meta__":{"hash":"25639ed8001569efbb5b13202ef22be2cb9f54cf525f1df511a0a31a2001fcfe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateTestSuite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTestSuiteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"createTestSuite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestSuite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"TestSuiteFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TestSuiteFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestSuite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"caseCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"assertions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"caseSensitive"}},{"kind":"Field","name":{"kind":"Name","value":"pattern"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"rubric"}},{"kind":"Field","name":{"kind":"Name","value":"judge"}}]}}]}}]}}]} as unknown as DocumentNode<CreateTestSuiteMutation, CreateTestSuiteMutationVariables>;
export const UpdateTestSuiteDocument = {"__meta__":{"hash":"01c75ecc8cb4e1842b2bca460ad8128f5705c12c48ad70a92bcec8618d987d6b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateTestSuite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTestSuiteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"updateTestSuite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestSuite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"TestSuiteFields"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TestSuiteFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestSuite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"caseCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"assertions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"caseSensitive"}},{"kind":"Field","name":{"kind":"Name","value":"pattern"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"rubric"}},{"kind":"Field","name":{"kind":"Name","value":"judge"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateTestSuiteMutation, UpdateTestSuiteMutationVariables>;
export const DeleteTestSuiteDocument = {"__meta__":{"hash":"e7a831f9eb935ca3b05516cadcb6c029b5189150291511befb493f69c7d753b5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteTestSuite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"deleteTestSuite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteTestSuiteMutation, DeleteTestSuiteMutationVariables>;
export const TestSuiteDocument = {"__meta__":{"hash":"500f5d3856f3a9822e6ca94c7dbf85be78d99c2aa97dcb3d12e2f1d79c4f1d73"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TestSuite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"testSuite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"TestSuiteFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TestSuiteFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestSuite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"caseCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"prompt"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"content"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agent"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"assertions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"caseSensitive"}},{"kind":"Field","name":{"kind":"Name","value":"pattern"}},{"kind":"Field","name":{"kind":"Name","value":"schema"}},{"kind":"Field","name":{"kind":"Name","value":"maxMs"}},{"kind":"Field","name":{"kind":"Name","value":"maxTokens"}},{"kind":"Field","name":{"kind":"Name","value":"rubric"}},{"kind":"Field","name":{"kind":"Name","value":"judge"}}]}}]}}]}}]} as unknown as DocumentNode<TestSuiteQuery, TestSuiteQueryVariables>;
export const TestSuitesDocument = {"__meta__":{"hash":"8c807ac5dbf5237b828e4e5d1138b11d76d7bbff6180a822e7d6f565ccf10c9d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TestSuites"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"20"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"testSuites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"caseCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TestSuitesQuery, TestSuitesQueryVariables>;
export const TestSuiteExportDocument = {"__meta__":{"hash":"4028fc4e21b278ad4ecb9d3cc96e1abeecb8f8f063bdd59083ce3ebbfb9c030d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TestSuiteExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SuiteFormat"}},"defaultValue":{"kind":"EnumValue","value":"YAML"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"testSuiteExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}]}]}}]} as unknown as DocumentNode<TestSuiteExportQuery, TestSuiteExportQueryVariables>;
export const ImportTestSuiteDocument = {"__meta__":{"hash":"907a3c739ea87751846ec41be921bf77fa55df5b9a71d33ba110f342a3512143"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportTestSuite"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"document"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"format"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SuiteFormat"}},"defaultValue":{"kind":"EnumValue","value":"YAML"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"importTestSuite"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"document"},"value":{"kind":"Variable","name":{"kind":"Name","value":"document"}}},{"kind":"Argument","name":{"kind":"Name","value":"format"},"value":{"kind":"Variable","name":{"kind":"Name","value":"format"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestSuite"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"caseCount"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImportError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"path"}}]}}]}}]}}]} as unknown as DocumentNode<ImportTestSuiteMutation, ImportTestSuiteMutationVariables>;
export const StartTestRunDocument = {"__meta__":{"hash":"719bdbe0ed1b0f334c3e19fb73210fe076e936d03df3b36d1409efd586ccf28b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartTestRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartTestRunInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"startTestRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Run"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<StartTestRunMutation, StartTestRunMutationVariables>;
export const TestRunEventsDocument = {"__meta__":{"hash":"d5f33d68f361949d563ff7654b60fba5fb91d0468a93ae2bc5f848663a9ebd98"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TestRunEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"0"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunItemFinished"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"output"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunProgress"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"fraction"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"RunStatusChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]} as unknown as DocumentNode<TestRunEventsSubscription, TestRunEventsSubscriptionVariables>;
export const TestRunResultsDocument = {"__meta__":{"hash":"c4fae911aab94709be92bccc840cb7f5641b2c94a81d549ab13d8a01f389a019"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TestRunResults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"report"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TestRunResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"suiteId"}},{"kind":"Field","name":{"kind":"Name","value":"cases"}},{"kind":"Field","name":{"kind":"Name","value":"repeats"}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"passRate"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"output"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"latencyMs"}},{"kind":"Field","name":{"kind":"Name","value":"completionTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TestRunResultsQuery, TestRunResultsQueryVariables>;
export const CompareTestRunsDocument = {"__meta__":{"hash":"901ce337a94d5fe425cb3d4203ddf316c113dbb66a3daabc27f35eb0b8b0734c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompareTestRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"compareTestRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"targets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"runs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"passRate"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"case"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"target"}},{"kind":"Field","name":{"kind":"Name","value":"passed"}},{"kind":"Field","name":{"kind":"Name","value":"passes"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"output"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CompareTestRunsQuery, CompareTestRunsQueryVariables>;