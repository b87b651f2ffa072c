export const PROJECT_ROOT: string;
export const CREDENTIALS: {
	vllm: { id: string; name: string; type: 'vllmApi' };
	lmStudio: { id: string; name: string; type: 'lmStudioApi' };
};
