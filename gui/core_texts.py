"""Made from core's tables by resources/i18n/update_translations.py.

Never edit it. The texts of core/settings_table.py (each setting's label and help),
core/datasets.py (each preset's description) and the ready lessons of resources/lessons (each
one's title, text and reason for its locks) that the window shows, marked for
pyside6-lupdate, which collects only literal strings from gui/. The window translates them in
the contexts named here (gui/controls.py, gui/lesson_guide.py, gui/lessons_menu.py);
tests/test_i18n.py checks that this file matches the tables and the lessons."""

# ruff: noqa: E501

from PySide6.QtCore import QT_TRANSLATE_NOOP

TEXTS = (
    QT_TRANSLATE_NOOP("Setting", "Learning rate"),
    QT_TRANSLATE_NOOP("Setting", "The learning rate: how far each step moves against the gradient; too large and training diverges."),
    QT_TRANSLATE_NOOP("Setting", "L2 strength"),
    QT_TRANSLATE_NOOP("Setting", "The L2 strength: a penalty on large weights (l2 * sum of w squared) that pulls them towards 0."),
    QT_TRANSLATE_NOOP("Setting", "Iterations"),
    QT_TRANSLATE_NOOP("Setting", "How many gradient-descent steps a run takes (the notebook uses 10 001)."),
    QT_TRANSLATE_NOOP("Setting", "Initial weights"),
    QT_TRANSLATE_NOOP("Setting", "randn: the notebook's random start; zeros: every prediction starts at 0.5."),
    QT_TRANSLATE_NOOP("Setting", "Batch size"),
    QT_TRANSLATE_NOOP("Setting", "Samples per step. 0, full batch, uses all of them, as the notebook; a mini-batch takes the next shuffled batch each step: cheaper, noisier steps, and data larger than the GPU."),
    QT_TRANSLATE_NOOP("Setting", "Dataset"),
    QT_TRANSLATE_NOOP("Setting", "Which data to learn: the notebook's ('seed'), a 2-D teaching set, real data, or your own file."),
    QT_TRANSLATE_NOOP("Setting", "Data file"),
    QT_TRANSLATE_NOOP("Setting", ".csv (numeric columns, the last is the 0/1 label; the first row is a header when its last field is a name, not a number or empty) or .npz (arrays X and y); replaces --preset."),
    QT_TRANSLATE_NOOP("Setting", "Samples"),
    QT_TRANSLATE_NOOP("Setting", "Number of samples N of a preset (real data and files have their own)."),
    QT_TRANSLATE_NOOP("Setting", "Features"),
    QT_TRANSLATE_NOOP("Setting", "Number of features D of the notebook's random data ('seed', 'overfit'); the 2-D sets have 2, real data and files their own."),
    QT_TRANSLATE_NOOP("Setting", "Noise"),
    QT_TRANSLATE_NOOP("Setting", "Spread of the 2-D clusters: more noise, more overlap."),
    QT_TRANSLATE_NOOP("Setting", "Seed"),
    QT_TRANSLATE_NOOP("Setting", "Random seed: the same seed gives the same data, split and starting weights."),
    QT_TRANSLATE_NOOP("Setting", "Held-out"),
    QT_TRANSLATE_NOOP("Setting", "Share of samples kept out of training to measure how well the model generalises."),
    QT_TRANSLATE_NOOP("Setting", "Standardise features"),
    QT_TRANSLATE_NOOP("Setting", "Off: features are used as they are. On: each is shifted and scaled to mean 0, std 1 using the training samples."),
    QT_TRANSLATE_NOOP("Setting", "Extra features"),
    QT_TRANSLATE_NOOP("Setting", "Features computed from x1 and x2, for 2-D data only: any of x1^2, x2^2, x1x2, sin_x1, sin_x2, added after x1 and x2, so that a linear model can draw a curved boundary in the (x1, x2) plane."),
    QT_TRANSLATE_NOOP("Setting", "Device"),
    QT_TRANSLATE_NOOP("Setting", "Where PyTorch trains: auto picks a CUDA GPU when there is one."),
    QT_TRANSLATE_NOOP("Setting", "Precision"),
    QT_TRANSLATE_NOOP("Setting", "Floating-point precision of training: float32 is fast; float64 shows the last digits of the cost."),
    QT_TRANSLATE_NOOP("Preset", "The notebook's data: standard normal features, random 0/1 labels (400 x 784)."),
    QT_TRANSLATE_NOOP("Preset", "Two 2-D Gaussian clusters, separable when noise is small."),
    QT_TRANSLATE_NOOP("Preset", "Two overlapping 2-D clusters: accuracy cannot reach 1."),
    QT_TRANSLATE_NOOP("Preset", "Four 2-D clusters in an XOR pattern: a linear model fails."),
    QT_TRANSLATE_NOOP("Preset", "The notebook's random labels; with a held-out split training accuracy reaches 1 while held-out stays near 0.5."),
    QT_TRANSLATE_NOOP("Preset", "Real data: MNIST handwritten 3s (class 0) and 8s (class 1), 1 000 pictures of 28 x 28 pixels."),
    QT_TRANSLATE_NOOP("Preset", "Real data: small 8 x 8 handwritten 3s (class 0) and 8s (class 1), 357 pictures."),
    QT_TRANSLATE_NOOP("Preset", "Real data: 569 breast tumours, 30 measurements, malignant = 1; standardise the features first."),
    QT_TRANSLATE_NOOP("Preset", "Real data: Iris versicolor (0) and virginica (1) by petal length and width in cm; they overlap."),
    QT_TRANSLATE_NOOP("Lesson", "The notebook: 100 % on random labels"),
    QT_TRANSLATE_NOOP("Lesson", "The notebook's data: 400 samples of 784 random numbers, with random labels, so there is nothing to learn. Press Start: training accuracy climbs to 100 % and the cost falls to about 0.13. With 784 weights for 400 samples the model can fit any labels: this 100 % is memorisation, not learning. The next lesson, Overfitting, holds samples out to show it."),
    QT_TRANSLATE_NOOP("Lesson", "What the weights learn: handwritten 3s and 8s"),
    QT_TRANSLATE_NOOP("Lesson", "Real data: 1 000 MNIST pictures of 3s (class 0) and 8s (class 1), 28 x 28 pixels each, with 30 % held out. Training starts from zero weights, so the weights panel shows only what was learned. Press Start and watch it: orange pixels are where an 8 has ink and a 3 does not (the left halves of the loops), blue ones the reverse. Held-out accuracy reaches about 96 %: unlike random labels, these pictures have a pattern."),
    QT_TRANSLATE_NOOP("Lesson", "Overfitting: perfect on training, chance on new data"),
    QT_TRANSLATE_NOOP("Lesson", "The same random labels, with a quarter of the samples held out of training. Press Start: training accuracy reaches 100 % while held-out accuracy stays near 50 %, a coin toss. The gap between the two accuracy curves is overfitting. Try a larger L2 strength, then Reset and Start: training accuracy drops a little, but held-out accuracy stays near 50 %, because labels without a pattern cannot be learned."),
    QT_TRANSLATE_NOOP("Lesson", "Regularisation that helps: 100 handwritten digits"),
    QT_TRANSLATE_NOOP("Lesson", "MNIST 3s and 8s, but only 100 pictures to learn from: 900 are held out. Press Start: training accuracy reaches 100 %, held-out accuracy stops at about 87 %, and the weights picture stays noisy, because the weights that 100 pictures say nothing about keep their random start. Pin the run (P), set L2 strength to 0.01, press Reset, then Start: the noise fades, a 3 against an 8 appears, and held-out accuracy rises to about 94 %."),
    QT_TRANSLATE_NOOP("Lesson", "only the L2 strength changes, so that the runs compare on the same data from the same start"),
    QT_TRANSLATE_NOOP("Lesson", "Divergence: a learning rate too large"),
    QT_TRANSLATE_NOOP("Lesson", "Two clusters that a straight line separates easily, but the learning rate is 100. Press Start: within a few steps the cost grows a thousandfold and the run stops as diverged, because each step overshoots the minimum further than the last. Lower the learning rate (try 10, then 1), press Reset, then Start: the cost falls and the boundary settles between the clusters."),
    QT_TRANSLATE_NOOP("Lesson", "the learning rate alone is under study here"),
    QT_TRANSLATE_NOOP("Lesson", "XOR: what a straight line cannot do"),
    QT_TRANSLATE_NOOP("Lesson", "Four clusters in an XOR pattern: class 1 in two opposite corners, class 0 in the other two. A linear model splits the plane with one straight line, and no line puts both class-1 corners on one side: a linear model cannot separate XOR. Press Start: the weights shrink towards 0, the cost stays at 0.693 (ln 2: answering 0.5 for everyone) and accuracy stays near 50 %. No learning rate or L2 strength helps. The next lesson, XOR fixed by a feature, adds x₁·x₂."),
    QT_TRANSLATE_NOOP("Lesson", "XOR fixed by a feature: x₁·x₂"),
    QT_TRANSLATE_NOOP("Lesson", "The XOR clusters again, with one more feature: the product x₁·x₂ (Data: Extra features). It is positive in the two class-0 corners, where x₁ and x₂ share a sign, and negative in the class-1 corners, so one weight on it separates the classes. The model is still linear in its three features, but its boundary w·φ(x) + b = 0 is a curve in the (x₁, x₂) plane. Press Start: accuracy reaches 100 % and the boundary bends into a cross. Untick x₁·x₂, press Reset: it fails again."),
    QT_TRANSLATE_NOOP("Lesson", "The threshold: a missed tumour costs more than a false alarm"),
    QT_TRANSLATE_NOOP("Lesson", "569 breast tumours, malignant = 1, 30 % held out. Press Start, then read the counts under Labels and predictions: at p > 0.5 a few malignant tumours are called benign (FN), each a missed cancer. Lower the threshold to 0.1 (Threshold under View, or drag the dashed line on the samples panel): FN falls and recall nears 1, while false alarms (FP) grow and precision falls. The ROC tab shows every threshold at once; its dot slides along the curve. Training is unchanged: only which tumours are called malignant."),
)
