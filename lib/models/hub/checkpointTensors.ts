/** Sums safetensors headers into the exact bytes per tensor class and per dtype. */
import type { CheckpointTensors, TensorClass } from '../types';
import type { SafetensorsTensor } from './safetensors';
import { tensorClass } from './tensorClasses';

const CLASSES: readonly TensorClass[] = ['embedding', 'output', 'attention', 'denseMlp', 'experts', 'router', 'smallTensors', 'other', 'notLoaded'];

export function summarizeTensors(files: SafetensorsTensor[][], numLayers: number, source: string, format: string): CheckpointTensors {
	const classes = Object.fromEntries(CLASSES.map((name) => [name, 0])) as Record<TensorClass, number>;
	const dtypes: Record<string, { tensors: number; bytes: number }> = {};
	let tensors = 0;
	for (const tensor of files.flat()) {
		tensors += 1;
		classes[tensorClass(tensor.name, numLayers)] += tensor.bytes;
		const dtype = (dtypes[tensor.dtype] ??= { tensors: 0, bytes: 0 });
		dtype.tensors += 1;
		dtype.bytes += tensor.bytes;
	}
	const notes: string[] = [];
	if (classes.notLoaded > 0) notes.push(`${classes.notLoaded} bytes of multi-token-prediction layers are not counted: engines load them only for speculative decoding.`);
	if (classes.other > 0) notes.push(`${classes.other} bytes are outside the decoder (a vision tower, a projector...); they are counted with the weights.`);
	return {
		source,
		format,
		files: files.length,
		tensors,
		totalBytes: CLASSES.filter((name) => name !== 'notLoaded').reduce((sum, name) => sum + classes[name], 0),
		classes,
		dtypes,
		notes,
	};
}
