// Excerpts of the paper's tables exactly as its text gives them (tab-separated, the model column
// as the text extraction left it), from Yen et al. 2024 (arXiv 2410.20625). The tests parse them
// independently of Sources/Report/PaperNumbers.swift and compare every cell.

enum PaperExcerpts {
    static let table1 = #"""
Model	Optimizer	Cause Effect Classification	Coreference Resolution	Title Generation	Data to Text	Global
Gemma-2B	Adam	58.93	77.06	51.30	55.52	50.51/74.54
	LoRA+	58.84	76.08	51.32	55.68	49.76/74.20
	ScaledAdam	58.71	77.55	51.16	55.69	49.40/74.01
	Shampoo	58.11	77.17	51.30	55.48	50.79/74.74
	Lamb	60.97	80.69	52.26	55.85	53.53/76.43
	LoRA-RITE	61.26	82.02	52.26	55.98	55.11/77.12
Gemma-7B	Adam	67.17	86.05	51.58	55.38	58.46/78.17
	LoRA+	65.50	86.67	51.51	55.34	58.19/78.29
	ScaledAdam	65.79	85.05	51.61	55.40	57.32/77.92
	Shampoo	66.29	85.62	51.86	55.43	57.99/78.27
	Lamb	69.62	86.57	51.87	55.5	57.79/78.18
	LoRA-RITE	71.26	88.14	52.17	55.62	59.71/79.05
"""#

    static let table2 = #"""
Model	Optimizer	HellaSwag	ArcChallenge	GSM8K	OpenBookQA	Avg.
	Adam	83.76	45.31	24.26	64.0	54.33
Gemma-2B	LoRA+	83.75	45.31	23.65	64.4	54.28
Geiiiiia-2b	ScaledAdam	83.52	45.22	23.96	64.8	54.38
	Shampoo	83.26	44.88	23.35	63.6	53.77
	Lamb	86.60	47.35	26.76	68.0	57.18
	LoRA-RITE	87.28	49.06	30.10	68.8	58.81
	Adam	94.07	54.78	48.37	77.60	68.71
Gemma-7B	LoRA+	93.99	54.01	48.75	77.60	68.59
Geiiiiia-/B	ScaledAdam	93.31	52.90	48.07	75.80	67.52
	Shampoo	94.15	52.47	49.05	76.80	68.12
	Lamb	95.11	69.80	50.64	83.20	74.69
	LoRA-RITE	95.59	71.76	55.50	84.80	76.91
"""#

    static let table3 = #"""
	Gemma-2B (rank=4)	Gemma-2B (rank=16)	mT5-XXL (rank=4)	mT5-XXL (rank=16)
Adam	63.00	64.0	72.00	72.20
ScaledAdam	63.00	64.8	70.80	74.60
Lamb	67.80	68.0	70.40	73.40
LoRA-RITE	70.40	68.8	74.80	75.00
"""#

    static let table4 = #"""
	Adam	LoRA+	ScaledAdam	Shampoo	Lamb	LoRA-RITE
Gemma-2B		0.930	0.917	0.837	0.929	0.878
Gemma-7B	0.120	0.120	0.114	0.112	0.116	0.114
"""#

    static let table7 = #"""
Algorithm	Time Complexity	Space Complexity
Forward/Backward	$\Omega(nm)$	$\Omega(nm)$
Full Matrix Adagrad (Duchi et al., 2011)	$O(m^3r^3 + n^3r^3)$	$O(m^2r^2 + n^2r^2)$
Adam (Kingma & Ba, 2014)	O(mr + nr)	O(mr + nr)
Lamb (You et al., 2020)	O(mr + nr)	O(mr + nr)
Shampoo (Gupta et al., 2018)	$O(m^3 + n^3 + r^3)$	$O(m^2 + n^2 + r^2)$
KFAC (Martens & Grosse, 2015)	$O(m^3 + n^3 + r^3)$	$O(m^2 + n^2 + r^2)$
ScaledAdam (Zhang & Pilanci, 2024)	$O(mr^2 + nr^2)$	O(mr + nr)
LoRA-RITE (our proposed)	$O(mr^2 + nr^2)$	$O(mr + nr + r^2)$
"""#

    static let table8 = #"""
Optimizer	Rank	HellaSwag	ArcChallenge	GSM8K	OpenBookQA	Avg.
	r = 4	81.83	42.32	20.92	63.0	52.02
Adam	r = 16	83.76	45.31	24.26	64.0	54.33
	r = 64	84.56	46.67	26.08	67.0	56.08
	r = 4	81.95	44.80	21.15	63.0	52.73
ScaledAdam	r = 16	83.52	45.22	23.96	64.8	54.38
	r = 64	84.42	48.21	26.61	67.0	56.56
	r = 4	86.01	46.67	25.25	67.8	56.43
Lamb	r = 16	86.60	47.35	26.76	68.0	57.18
	r = 64	87.83	47.53	29.04	62.8	56.80
	r=4	87.08	49.57	29.49	70.4	59.14
LoRA-RITE	r = 16	87.28	49.06	30.10	68.8	58.81
	r = 64	87.89	49.91	31.46	68.8	59.52
"""#

    static let table9 = #"""
Model	Optimizer	HellaSwag	ArcChallenge	GSM8K	OpenBookQA
	Adam	1e-5	5e-5	1e-5	5e-5
Gemma-2B	LoRA+	1e-5	5e-5	1e-5	5e-5
Geiiiiia-2B	ScaledAdam	5e-5	5e-5	1e-5	2e-4
	Shampoo	1e-5	5e-5	5e-5	5e-5
	Lamb	5e-3	5e-3	5e-3	5e-3
	LoRA-RITE	2e-4	1e-3	2e-4	2e-4
"""#
}
