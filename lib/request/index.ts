/** Untrusted request bodies read within limits against declared fields, and HTTP answers for failed steps. */
export { DEFAULT_LIMITS, checkBodyText, checkParsedBody, type BodyLimits, type LimitBreach } from './limits';
export { FIELD_TYPES, describeFields, readFields, type FieldSpec, type FieldType, type FieldsResult, type UnknownFields } from './fields';
export { declareField, declareFields, type FieldDeclaration } from './declare';
export { readBody, type Body, type BodyOutcome, type ReadBodyOptions, type RejectedBody } from './readBody';
export { failureAnswer, type Failure, type FailureAnswer, type FailureKind } from './failure';
