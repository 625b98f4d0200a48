"""'About the maths': the model, cost and update (docs/ARCHITECTURE.md §2) with the lesson's
values."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from core.config import TrainingConfig
from gui.i18n import RetranslatingWidget, translate

# A source text (translated when shown): the translation keeps every {placeholder}.
MATHS_HTML = QT_TRANSLATE_NOOP("MathsDialog", """
<h2>Logistic regression, as this lab trains it</h2>
<p><b>Model.</b> For a sample x with {features} features:
<br>&nbsp;&nbsp; z = w·x + b &nbsp;&nbsp;&nbsp; h = s(z) = 1 / (1 + e<sup>−z</sup>)
&nbsp;&nbsp;&nbsp; prediction = 1 if h &gt; 0.5 (that is, z &gt; 0), else 0.
<br>The same curve is s(z) = (1 + tanh(z/2)) / 2.</p>
<p><b>Cost</b> over the N = {samples} training samples, with L2 strength l2 = {l2:g}:
<br>&nbsp;&nbsp; cost = (1/N) Σ<sub>i</sub> [ −y<sub>i</sub> log h<sub>i</sub>
− (1 − y<sub>i</sub>) log(1 − h<sub>i</sub>) ] + l2 · Σ<sub>j</sub> w<sub>j</sub><sup>2</sup>
<br>The bias b is not penalised. Each term is computed as softplus(z) − y z, which stays finite
even when |z| is large (the textbook form overflows past |z| ≈ 17 in float32).</p>
<p><b>Gradient-descent update</b>, full batch, learning rate lr = {lr:g}:
<br>&nbsp;&nbsp; w ← w − lr · ( Xᵀ(h − y) / N + 2 · l2 · w )
<br>&nbsp;&nbsp; b ← b − lr · mean(h − y)
<br>With these values each step first shrinks w by the factor 1 − 2·lr·l2 = {decay:.6g}.</p>
<p><b>What the plots show.</b> The loss plot records, for step t, the cost of the parameters
<i>before</i> update t (step 0 is the starting cost). The samples view places every sample at
(z<sub>i</sub>, y<sub>i</sub>) on the sigmoid: a sample is classified correctly when it sits on
the same side of z = 0 as its label.</p>
<p><b>Current lesson:</b> {dataset}, {iterations:,} iterations, {dtype} on device “{device}”,
initial weights “{init}”, seed {seed}.</p>
""")


# Two more paragraphs, apart so that each translation stays a unit of its own.
CHANCE_HTML = QT_TRANSLATE_NOOP("MathsDialog", """
<p><b>The cost to beat: ln 2 ≈ 0.693.</b> A model that says p = 0.5 for every sample (w = 0,
b = 0, so z = 0) pays −log 0.5 = ln 2 for each sample whatever its label, and its L2 term is
l2 · Σ 0² = 0: its cost is exactly ln 2. The dotted line on the cost panel marks it. A cost
above it is worse than not looking at the data at all; a classifier has learnt something only
once its cost is below it.</p>
""")
THRESHOLD_HTML = QT_TRANSLATE_NOOP("MathsDialog", """
<p><b>The decision threshold t</b> (0.5 unless the View group says otherwise): a sample
is called class 1 when h &gt; t, that is when z &gt; ln(t / (1 − t)).
Training never uses t; it only decides the predictions, the rings and the counts.
Precision = TP / (TP + FP), recall = TP / (TP + FN),
F1 = 2 TP / (2 TP + FP + FN). The ROC tab shows every threshold at once.</p>
""")


def maths_html(config: TrainingConfig, samples: int, features: int) -> str:
    """The explanation filled in with the lesson's numbers."""
    return translate("MathsDialog", MATHS_HTML).format(
        samples=samples, features=features, l2=config.l2, lr=config.lr,
        decay=1.0 - 2.0 * config.lr * config.l2, dataset=config.dataset,
        iterations=config.iterations, dtype=config.dtype, device=config.device,
        init=config.init, seed=config.seed,
    ) + translate("MathsDialog", CHANCE_HTML) + translate("MathsDialog", THRESHOLD_HTML)


class MathsDialog(RetranslatingWidget, QDialog):
    """A non-modal window with the formulas; `show_for` refreshes it with the current values."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("mathsDialog")
        self._shown_for: tuple | None = None  # the lesson whose values the text shows
        self.resize(680, 560)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("MathsDialog", "About the maths"))
        if self._shown_for is not None:
            self.text.setHtml(maths_html(*self._shown_for))

    def show_for(self, config: TrainingConfig, samples: int, features: int) -> None:
        self._shown_for = (config, samples, features)
        self.text.setHtml(maths_html(config, samples, features))
        self.show()
        self.raise_()
