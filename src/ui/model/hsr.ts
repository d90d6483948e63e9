/* The HSR decoder lives in the engine (the CLI's trace uses it too). */
export { describeHsr, fscName } from '../../engine/arch/hsr';
