/** The engine is the one source of a step's stable identity; the URL layer reads it from here. */
export { findStepByKey, stepKey } from '../engine/trace/stepIdentity';
