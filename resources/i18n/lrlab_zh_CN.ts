<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccuracyPlot</name>
    <message>
        <source>Prediction accuracy</source>
        <translation>预测准确率</translation>
    </message>
    <message>
        <source>samples correct</source>
        <translation>预测正确的样本比例</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>正确比例</translation>
    </message>
    <message>
        <source>Training records its accuracy at p &gt; 0.5 every step; the threshold (t = {threshold:g}) changes the counts under Labels and predictions, not these curves.</source>
        <translation>训练时每一步都按 p &gt; 0.5 记录准确率；阈值（t = {threshold:g}）只改变“标签与预测”下方的计数，不改变这些曲线。</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>held-out accuracy</source>
        <translation>验证集准确率</translation>
    </message>
    <message>
        <source>training accuracy (p &gt; 0.5)</source>
        <translation>训练准确率（p &gt; 0.5）</translation>
    </message>
    <message>
        <source>held-out accuracy (p &gt; 0.5)</source>
        <translation>验证集准确率（p &gt; 0.5）</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Animated PNG</source>
        <translation>动画 PNG</translation>
    </message>
    <message>
        <source>{frames} frames, {seconds} s at {fps} frames/s, steps {first} to {last}</source>
        <translation>{frames} 帧，{seconds} 秒，每秒 {fps} 帧，第 {first} 步到第 {last} 步</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Needs ffmpeg: {command}, or ffmpeg on PATH</source>
        <translation>需要 ffmpeg：{command}，或把 ffmpeg 放在 PATH 中</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数范围</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Pause the run, or let it finish, to export it: an animation shows the steps the run has taken.</source>
        <translation>请先暂停运行或等它结束，再导出：动画展示的是运行已经走过的步骤。</translation>
    </message>
    <message>
        <source>Cannot export: {problem}.</source>
        <translation>无法导出：{problem}。</translation>
    </message>
    <message>
        <source>Cannot export: {problem}</source>
        <translation>无法导出：{problem}</translation>
    </message>
    <message>
        <source>Rendering each frame from the run&apos;s timeline...</source>
        <translation>正在根据运行的时间线渲染每一帧…</translation>
    </message>
    <message>
        <source>frame {done} of {total}</source>
        <translation>第 {done} / {total} 帧</translation>
    </message>
    <message>
        <source>Saved the animation to {path} ({size} MB)</source>
        <translation>动画已保存到 {path}（{size} MB）</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>未保存：{problem}</translation>
    </message>
    <message>
        <source>Cancelled: no file was written.</source>
        <translation>已取消：没有写入任何文件。</translation>
    </message>
</context>
<context>
    <name>AnimationRecorder</name>
    <message>
        <source>pause the run (or let it end) first: an animation shows the steps the run has taken</source>
        <translation>请先暂停运行（或等它结束）：动画展示的是运行已经走过的步骤</translation>
    </message>
    <message>
        <source>the run has taken {taken} steps; the animation asks for step {asked}</source>
        <translation>运行只走了 {taken} 步，动画却要求显示第 {asked} 步</translation>
    </message>
    <message>
        <source>the run was started or reset while the animation was rendered; nothing was saved</source>
        <translation>渲染动画期间运行被启动或重置了；没有保存任何内容</translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <source>1 step/s</source>
        <translation>1 步/秒</translation>
    </message>
    <message>
        <source>10 steps/s</source>
        <translation>10 步/秒</translation>
    </message>
    <message>
        <source>100 steps/s</source>
        <translation>100 步/秒</translation>
    </message>
    <message>
        <source>1 000 steps/s</source>
        <translation>1 000 步/秒</translation>
    </message>
    <message>
        <source>10 000 steps/s</source>
        <translation>10 000 步/秒</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最快</translation>
    </message>
    <message>
        <source>Open file...</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Real data</source>
        <translation>真实数据</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>View</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Start training, or resume after a pause (Space)</source>
        <translation>开始训练，或在暂停后继续（空格键）</translation>
    </message>
    <message>
        <source>Pause training; the plots keep the current state (Space)</source>
        <translation>暂停训练，各图保留当前状态（空格键）</translation>
    </message>
    <message>
        <source>Take one gradient-descent step and show it (S or Right arrow)</source>
        <translation>执行一步梯度下降并显示结果（S 键或右方向键）</translation>
    </message>
    <message>
        <source>Start again from the initial weights, applying any changed data settings (R)</source>
        <translation>从初始权重重新开始，并应用修改过的数据设置（R 键）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Steps per second, slow enough to watch the first steps, or &apos;max&apos;.</source>
        <translation>每秒训练的步数：慢到足以看清最初几步，或选“最快”。</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>What the chosen data is.</source>
        <translation>所选数据的说明。</translation>
    </message>
    <message>
        <source>Show (1 + tanh(x/2)) / 2</source>
        <translation>显示 (1 + tanh(x/2)) / 2</translation>
    </message>
    <message>
        <source>Overlay the tanh form: it is the same curve as the sigmoid.</source>
        <translation>叠加 tanh 形式：它与 sigmoid 是同一条曲线。</translation>
    </message>
    <message>
        <source>Log-scale cost</source>
        <translation>损失用对数坐标</translation>
    </message>
    <message>
        <source>A log axis shows the slow final approach to the optimum.</source>
        <translation>对数坐标能看清最后缓慢逼近最优值的过程。</translation>
    </message>
    <message>
        <source>&amp;Threshold p &gt;</source>
        <translation>阈值(&amp;T) p &gt;</translation>
    </message>
    <message>
        <source>Samples with p = s(z) above this are called class 1. Training does not use it: it only decides which samples count as class 1 in the predictions, the rings and the ROC point. The dashed line on the samples panel can be dragged too.</source>
        <translation>p = s(z) 高于此值的样本判为类别 1。训练不使用它：它只决定在预测、圆圈标记和 ROC 点中哪些样本算作类别 1。样本面板上的虚线也可以拖动。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Your own data file.</source>
        <translation>你自己的数据文件。</translation>
    </message>
    <message>
        <source>From {low} to {high}.</source>
        <translation>取值范围：{low} 到 {high}。</translation>
    </message>
</context>
<context>
    <name>CostLandscape</name>
    <message>
        <source>Starting weights set to ({w1:g}, {w2:g}): press Reset to start there</source>
        <translation>起始权重已设为 ({w1:g}, {w2:g})：按“重置”从这里开始</translation>
    </message>
    <message>
        <source>Starting weights: the initial-weights rule again (press Reset)</source>
        <translation>起始权重：重新使用初始权重规则（按“重置”）</translation>
    </message>
</context>
<context>
    <name>DecisionPlot</name>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>P(class 1)</source>
        <translation>P(类别 1)</translation>
    </message>
    <message>
        <source>feature x₁</source>
        <translation>特征 x₁</translation>
    </message>
    <message>
        <source>feature x₂</source>
        <translation>特征 x₂</translation>
    </message>
    <message>
        <source>{name}, standardised</source>
        <translation>{name}（已标准化）</translation>
    </message>
    <message>
        <source>decision boundary  w·φ(x) + b = 0</source>
        <translation>决策边界  w·φ(x) + b = 0</translation>
    </message>
    <message>
        <source>decision boundary  p = {t:g}:  w·φ(x) + b = {logit:.2f}</source>
        <translation>决策边界  p = {t:g}：w·φ(x) + b = {logit:.2f}</translation>
    </message>
    <message>
        <source>decision line  p = {t:g}:  w·x + b = {logit:.2f}</source>
        <translation>决策线  p = {t:g}：w·x + b = {logit:.2f}</translation>
    </message>
    <message>
        <source>misclassified ({count})</source>
        <translation>误分类（{count}）</translation>
    </message>
    <message>
        <source>misclassified ({count}; held-out {held_out})</source>
        <translation>误分类（{count}；验证集 {held_out}）</translation>
    </message>
    <message>
        <source>class 0</source>
        <translation>类别 0</translation>
    </message>
    <message>
        <source>class 1</source>
        <translation>类别 1</translation>
    </message>
    <message>
        <source>held-out class 0</source>
        <translation>验证集 类别 0</translation>
    </message>
    <message>
        <source>held-out class 1</source>
        <translation>验证集 类别 1</translation>
    </message>
    <message>
        <source>decision line  w·x + b = 0</source>
        <translation>决策线  w·x + b = 0</translation>
    </message>
</context>
<context>
    <name>DivergenceText</name>
    <message>
        <source>Training diverged at step {step}: the cost grew from {start} to {cost} ({factor} times larger). Each step overshoots the minimum further, so the weights keep growing.

Lower the learning rate (try a tenth of it), then press Resume to go on from here, or Reset to start again.</source>
        <translation>训练在第 {step} 步发散：代价从 {start} 增长到 {cost}（增大了 {factor} 倍）。每一步都比上一步更远地越过最小值，所以权重不断变大。

请调低学习率（试试原来的十分之一），然后按“继续”从这里接着训练，或按“重置”从头开始。</translation>
    </message>
    <message>
        <source>Training stopped at step {step}: with the current settings the cost of the current weights is not a finite number (their L2 penalty overflows).

Lower the L2 strength, then press Resume, or press Reset to start again.</source>
        <translation>训练在第 {step} 步停止：在当前设置下，当前权重的代价不是有限数（其 L2 惩罚项溢出）。

请调低 L2 正则化强度，然后按“继续”，或按“重置”从头开始。</translation>
    </message>
    <message>
        <source>Training diverged at step {step}: the cost is no longer a finite number (last finite cost {cost} at step {previous}).

Lower the learning rate (or the L2 strength), then press Resume to go on from here, or Reset to start again.</source>
        <translation>训练在第 {step} 步发散：代价不再是有限数（最后一个有限代价为第 {previous} 步的 {cost}）。

请调低学习率（或 L2 正则化强度），然后按“继续”从这里接着训练，或按“重置”从头开始。</translation>
    </message>
</context>
<context>
    <name>ExerciseDialog</name>
    <message>
        <source>Save lesson as exercise</source>
        <translation>将课程另存为练习</translation>
    </message>
    <message>
        <source>Students who open the exercise cannot change the controls ticked here; the lesson note tells them which are locked, and why.</source>
        <translation>打开这个练习的学生无法修改这里勾选的控件；课程说明会告诉他们哪些被锁定了，以及原因。</translation>
    </message>
    <message>
        <source>Lock all</source>
        <translation>全部锁定</translation>
    </message>
    <message>
        <source>Lock none</source>
        <translation>全部解锁</translation>
    </message>
    <message>
        <source>e.g. this exercise is about the learning rate</source>
        <translation>例如：这个练习只研究学习率</translation>
    </message>
    <message>
        <source>e.g. Find a learning rate that converges</source>
        <translation>例如：找一个能收敛的学习率</translation>
    </message>
    <message>
        <source>What to do, and what to look at</source>
        <translation>要做什么，要看什么</translation>
    </message>
    <message>
        <source>Include this run (history, pins, look); without it, students start at step 0</source>
        <translation>包含这次运行（训练记录、固定的运行、外观）；不包含时，学生从第 0 步开始</translation>
    </message>
    <message>
        <source>Why locked (optional)</source>
        <translation>锁定原因（可选）</translation>
    </message>
    <message>
        <source>Title (optional)</source>
        <translation>标题（可选）</translation>
    </message>
    <message>
        <source>Lesson text (optional)</source>
        <translation>课程说明（可选）</translation>
    </message>
    <message>
        <source>Save...</source>
        <translation>保存…</translation>
    </message>
</context>
<context>
    <name>ExerciseSaver</name>
    <message>
        <source>Save exercise</source>
        <translation>保存练习</translation>
    </message>
    <message>
        <source>Lesson (*.json)</source>
        <translation>课程 (*.json)</translation>
    </message>
    <message>
        <source>Saved the exercise to {path}</source>
        <translation>练习已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>whole window</source>
        <translation>整个窗口</translation>
    </message>
    <message>
        <source>sigmoid function</source>
        <translation>sigmoid 函数</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>samples on the sigmoid</source>
        <translation>sigmoid 曲线上的样本</translation>
    </message>
    <message>
        <source>labels and predictions</source>
        <translation>标签与预测</translation>
    </message>
    <message>
        <source>decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>sample inspector</source>
        <translation>样本检查器</translation>
    </message>
    <message>
        <source>ROC and precision-recall curves</source>
        <translation>ROC 曲线与精确率-召回率曲线</translation>
    </message>
    <message>
        <source>cost landscape</source>
        <translation>代价地形图</translation>
    </message>
    <message>
        <source>Export for slides</source>
        <translation>导出到幻灯片</translation>
    </message>
    <message>
        <source>Add a caption with the settings</source>
        <translation>添加一行说明当前设置的图注</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Scale (PNG)</source>
        <translation>缩放（PNG）</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>图注</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图像</translation>
    </message>
    <message>
        <source>{format} image (*.{suffix})</source>
        <translation>{format} 图像 (*.{suffix})</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>Focus</name>
    <message>
        <source>All panels that fit</source>
        <translation>放得下的所有面板</translation>
    </message>
    <message>
        <source>Samples on the sigmoid</source>
        <translation>sigmoid 曲线上的样本</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Samples and cost</source>
        <translation>样本与损失</translation>
    </message>
    <message>
        <source>Cost and accuracy</source>
        <translation>损失与准确率</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Weights or decision boundary</source>
        <translation>权重或决策边界</translation>
    </message>
    <message>
        <source>Samples and model</source>
        <translation>样本与模型</translation>
    </message>
    <message>
        <source>Labels and predictions</source>
        <translation>标签与预测</translation>
    </message>
    <message>
        <source>The sigmoid function</source>
        <translation>sigmoid 函数</translation>
    </message>
    <message>
        <source>Every panel that has room at this font size</source>
        <translation>显示当前字号下放得下的所有面板</translation>
    </message>
    <message>
        <source>Show {panels} as large as the window allows</source>
        <translation>在窗口内尽可能大地显示“{panels}”</translation>
    </message>
</context>
<context>
    <name>HistoryPlot</name>
    <message>
        <source>pinned: {settings}</source>
        <translation>已固定：{settings}</translation>
    </message>
    <message>
        <source>{name} ({measured} of {total})</source>
        <translation>{name}（{total} 个中的 {measured} 个）</translation>
    </message>
    <message>
        <source>training step</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>Drag to rewind: every model view shows this step (Left / Right one step, Shift 100, Home / End the ends)</source>
        <translation>拖动以回看：所有模型视图都显示这一步（左 / 右方向键移动一步，加 Shift 移动 100 步，Home / End 跳到两端）</translation>
    </message>
    <message>
        <source>step {step}: {name} {value}</source>
        <translation>第 {step} 步：{name} {value}</translation>
    </message>
    <message>
        <source>  (held-out {value})</source>
        <translation>  （验证集 {value}）</translation>
    </message>
</context>
<context>
    <name>LandscapePlot</name>
    <message>
        <source>Cost landscape over w₁, w₂</source>
        <translation>w₁、w₂ 上的代价地形图</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>代价</translation>
    </message>
    <message>
        <source>Use the initial-weights rule again</source>
        <translation>重新使用初始权重规则</translation>
    </message>
    <message>
        <source>Forget the starting weights chosen on the landscape: the next Reset starts where the Initial weights setting puts them</source>
        <translation>忘掉在地形图上选的起始权重：下次重置从“初始权重”设置给出的位置开始</translation>
    </message>
    <message>
        <source>The training cost for every (w₁, w₂), the bias as at the step shown, with the path gradient descent took. Click to start the next run there (press Reset); right-click to use the initial-weights rule again.</source>
        <translation>每个 (w₁, w₂) 的训练代价（偏置取所示步的值），以及梯度下降走过的路径。单击可让下一次运行从该处开始（按“重置”）；右键可重新使用初始权重规则。</translation>
    </message>
    <message>
        <source>b = {bias}</source>
        <translation>b = {bias}</translation>
    </message>
    <message>
        <source>{count} more weights</source>
        <translation>另有 {count} 个权重</translation>
    </message>
    <message>
        <source>a slice through the step shown, at {values}</source>
        <translation>当前步的切片：{values}</translation>
    </message>
    <message>
        <source>path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>step shown</source>
        <translation>当前步</translation>
    </message>
    <message>
        <source>optimum</source>
        <translation>最优点</translation>
    </message>
    <message>
        <source>next start</source>
        <translation>下次起点</translation>
    </message>
    <message>
        <source>The cost landscape is drawn over two weights; this data has {features} features.
Open a two-feature preset (blobs, overlap, xor).</source>
        <translation>代价地形图画在两个权重上；这份数据有 {features} 个特征。
请打开一个两特征的预设（blobs、overlap、xor）。</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Show the window in {language} (remembered)</source>
        <translation>以“{language}”显示窗口（会被记住）</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>The notebook: 100 % on random labels</source>
        <translation>笔记本：在随机标签上达到 100 %</translation>
    </message>
    <message>
        <source>The notebook&apos;s data: 400 samples of 784 random numbers, with random labels, so there is nothing to learn. Press Start: training accuracy climbs to 100 % and the cost falls to about 0.13. With 784 weights for 400 samples the model can fit any labels: this 100 % is memorisation, not learning. The next lesson, Overfitting, holds samples out to show it.</source>
        <translation>笔记本中的数据：400 个样本，每个样本是 784 个随机数，标签也是随机的，所以没有什么可学的。按“开始”：训练准确率升到 100 %，损失降到约 0.13。400 个样本配 784 个权重，模型能拟合任何标签：这个 100 % 是死记硬背，不是学习。下一课“过拟合”会留出一部分样本来说明这一点。</translation>
    </message>
    <message>
        <source>What the weights learn: handwritten 3s and 8s</source>
        <translation>权重学到了什么：手写的 3 和 8</translation>
    </message>
    <message>
        <source>Real data: 1 000 MNIST pictures of 3s (class 0) and 8s (class 1), 28 x 28 pixels each, with 30 % held out. Training starts from zero weights, so the weights panel shows only what was learned. Press Start and watch it: orange pixels are where an 8 has ink and a 3 does not (the left halves of the loops), blue ones the reverse. Held-out accuracy reaches about 96 %: unlike random labels, these pictures have a pattern.</source>
        <translation>真实数据：1 000 张 MNIST 图片，手写数字 3（类别 0）和 8（类别 1），每张 28 x 28 像素，其中 30 % 留作验证集。训练从全零权重开始，所以权重面板只显示学到的东西。按“开始”并观察权重面板：橙色像素是 8 有笔迹而 3 没有的地方（两个圈的左半边），蓝色像素则相反。验证集准确率达到约 96 %：与随机标签不同，这些图片是有规律的。</translation>
    </message>
    <message>
        <source>Overfitting: perfect on training, chance on new data</source>
        <translation>过拟合：训练集上完美，新数据上全凭运气</translation>
    </message>
    <message>
        <source>The same random labels, with a quarter of the samples held out of training. Press Start: training accuracy reaches 100 % while held-out accuracy stays near 50 %, a coin toss. The gap between the two accuracy curves is overfitting. Try a larger L2 strength, then Reset and Start: training accuracy drops a little, but held-out accuracy stays near 50 %, because labels without a pattern cannot be learned.</source>
        <translation>同样的随机标签，但四分之一的样本不参与训练，留作验证集。按“开始”：训练准确率达到 100 %，验证集准确率却停在 50 % 附近，和抛硬币一样。两条准确率曲线之间的差距就是过拟合。试试更大的 L2 正则化强度，然后按“重置”和“开始”：训练准确率略有下降，但验证集准确率仍在 50 % 附近，因为没有规律的标签是学不会的。</translation>
    </message>
    <message>
        <source>Regularisation that helps: 100 handwritten digits</source>
        <translation>有用的正则化：100 个手写数字</translation>
    </message>
    <message>
        <source>MNIST 3s and 8s, but only 100 pictures to learn from: 900 are held out. Press Start: training accuracy reaches 100 %, held-out accuracy stops at about 87 %, and the weights picture stays noisy, because the weights that 100 pictures say nothing about keep their random start. Pin the run (P), set L2 strength to 0.01, press Reset, then Start: the noise fades, a 3 against an 8 appears, and held-out accuracy rises to about 94 %.</source>
        <translation>MNIST 的 3 和 8，但只有 100 张图片可学：另外 900 张留作验证集。按“开始”：训练准确率达到 100 %，验证集准确率停在约 87 %，权重图依然充满噪声，因为这 100 张图片没有提供任何信息的那些权重一直保持着随机初始值。固定这次运行（P），把 L2 正则化强度设为 0.01，按“重置”，再按“开始”：噪声逐渐消退，出现 3 与 8 的对照图案，验证集准确率升到约 94 %。</translation>
    </message>
    <message>
        <source>only the L2 strength changes, so that the runs compare on the same data from the same start</source>
        <translation>只改变 L2 正则化强度，让各次运行在相同的数据、相同的初始值下比较</translation>
    </message>
    <message>
        <source>Divergence: a learning rate too large</source>
        <translation>发散：学习率过大</translation>
    </message>
    <message>
        <source>Two clusters that a straight line separates easily, but the learning rate is 100. Press Start: within a few steps the cost grows a thousandfold and the run stops as diverged, because each step overshoots the minimum further than the last. Lower the learning rate (try 10, then 1), press Reset, then Start: the cost falls and the boundary settles between the clusters.</source>
        <translation>两个用一条直线就能轻松分开的数据簇，但学习率是 100。按“开始”：几步之内损失增大到原来的一千倍，运行因发散而停止，因为每一步越过最小值的距离都比上一步更远。调低学习率（先试 10，再试 1），按“重置”，再按“开始”：损失下降，决策边界稳定在两个簇之间。</translation>
    </message>
    <message>
        <source>the learning rate alone is under study here</source>
        <translation>这里只研究学习率</translation>
    </message>
    <message>
        <source>XOR: what a straight line cannot do</source>
        <translation>XOR：一条直线做不到的事</translation>
    </message>
    <message>
        <source>Four clusters in an XOR pattern: class 1 in two opposite corners, class 0 in the other two. A linear model splits the plane with one straight line, and no line puts both class-1 corners on one side: a linear model cannot separate XOR. Press Start: the weights shrink towards 0, the cost stays at 0.693 (ln 2: answering 0.5 for everyone) and accuracy stays near 50 %. No learning rate or L2 strength helps. The next lesson, XOR fixed by a feature, adds x₁·x₂.</source>
        <translation>按 XOR（异或）排列的四个数据簇：类别 1 在两个相对的角上，类别 0 在另外两个角上。线性模型用一条直线划分平面，而没有哪条直线能把类别 1 的两个角放在同一侧：线性模型无法分开 XOR。按“开始”：权重向 0 收缩，损失停在 0.693（ln 2：对所有样本都回答 0.5），准确率停在 50 % 附近。任何学习率或 L2 正则化强度都无济于事。下一课“用一个特征解决 XOR”加入 x₁·x₂。</translation>
    </message>
    <message>
        <source>XOR fixed by a feature: x₁·x₂</source>
        <translation>用一个特征解决 XOR：x₁·x₂</translation>
    </message>
    <message>
        <source>The XOR clusters again, with one more feature: the product x₁·x₂ (Data: Extra features). It is positive in the two class-0 corners, where x₁ and x₂ share a sign, and negative in the class-1 corners, so one weight on it separates the classes. The model is still linear in its three features, but its boundary w·φ(x) + b = 0 is a curve in the (x₁, x₂) plane. Press Start: accuracy reaches 100 % and the boundary bends into a cross. Untick x₁·x₂, press Reset: it fails again.</source>
        <translation>还是 XOR 数据簇，但多了一个特征：乘积 x₁·x₂（数据：额外特征）。在类别 0 的两个角上 x₁ 与 x₂ 同号，乘积为正；在类别 1 的角上乘积为负，所以它上面的一个权重就能分开两类。模型对它的三个特征仍是线性的，但它的边界 w·φ(x) + b = 0 在 (x₁, x₂) 平面上是一条曲线。按“开始”：准确率达到 100 %，边界弯成一个十字。取消勾选 x₁·x₂ 并按“重置”：它又失败了。</translation>
    </message>
    <message>
        <source>The threshold: a missed tumour costs more than a false alarm</source>
        <translation>阈值：漏诊一个肿瘤比误报代价更大</translation>
    </message>
    <message>
        <source>569 breast tumours, malignant = 1, 30 % held out. Press Start, then read the counts under Labels and predictions: at p &gt; 0.5 a few malignant tumours are called benign (FN), each a missed cancer. Lower the threshold to 0.1 (Threshold under View, or drag the dashed line on the samples panel): FN falls and recall nears 1, while false alarms (FP) grow and precision falls. The ROC tab shows every threshold at once; its dot slides along the curve. Training is unchanged: only which tumours are called malignant.</source>
        <translation>569 个乳腺肿瘤，恶性 = 1，30 % 留作验证集。按“开始”，然后看“标签与预测”下方的计数：在 p &gt; 0.5 时，有几个恶性肿瘤被判为良性（FN），每一个都是漏诊的癌症。把阈值降到 0.1（“显示”中的“阈值”，或拖动样本面板上的虚线）：FN 减少，召回率接近 1，而误报（FP）增多，精确率下降。ROC 标签页同时显示所有阈值；移动阈值时，圆点沿曲线滑动。训练没有任何变化：变的只是哪些肿瘤被判为恶性。</translation>
    </message>
</context>
<context>
    <name>LessonFiles</name>
    <message>
        <source>Open data file</source>
        <translation>打开数据文件</translation>
    </message>
    <message>
        <source>Data files (*.csv *.npz);;All files (*)</source>
        <translation>数据文件 (*.csv *.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lesson (*.json)</source>
        <translation>课程 (*.json)</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>保存课程</translation>
    </message>
    <message>
        <source>Saved the lesson to {path}</source>
        <translation>课程已保存到 {path}</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出训练记录</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Saved {count} steps to {path}</source>
        <translation>已把 {count} 步保存到 {path}</translation>
    </message>
</context>
<context>
    <name>LessonGuide</name>
    <message>
        <source>Locked by this exercise: {why}</source>
        <translation>已被本练习锁定：{why}</translation>
    </message>
    <message>
        <source>Locked by this exercise.</source>
        <translation>已被本练习锁定。</translation>
    </message>
    <message>
        <source>every setting but {settings}</source>
        <translation>除{settings}以外的所有设置</translation>
    </message>
    <message>
        <source>every setting</source>
        <translation>所有设置</translation>
    </message>
    <message>
        <source>Locked by this exercise: {what}.</source>
        <translation>本练习锁定了：{what}。</translation>
    </message>
    <message>
        <source>Locked by this exercise: {what}. Why: {why}</source>
        <translation>本练习锁定了：{what}。原因：{why}</translation>
    </message>
    <message>
        <source>Locked by this exercise: {what}. Why: {why}.</source>
        <translation>本练习锁定了：{what}。原因：{why}。</translation>
    </message>
    <message>
        <source>{items} and {last}</source>
        <translation>{items}和{last}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>LessonNote</name>
    <message>
        <source>{title}
(click to fold or unfold the lesson note)</source>
        <translation>{title}
（点击以折叠或展开课程说明）</translation>
    </message>
</context>
<context>
    <name>LessonsMenu</name>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Open the ready lesson &apos;{name}&apos; (--lesson {name})</source>
        <translation>打开现成课程“{name}”（--lesson {name}）</translation>
    </message>
    <message>
        <source>Close lesson</source>
        <translation>关闭课程</translation>
    </message>
    <message>
        <source>Hide the lesson note and unlock every control; the run stays</source>
        <translation>隐藏课程说明并解锁所有控件；当前运行保留</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>cost (cross-entropy + L2)</source>
        <translation>损失（交叉熵 + L2）</translation>
    </message>
    <message>
        <source>cost − optimum (log scale)</source>
        <translation>损失 − 最优值（对数坐标）</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>cost − optimum</source>
        <translation>损失 − 最优值</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Training and held-out cost</source>
        <translation>训练集与验证集损失</translation>
    </message>
    <message>
        <source>chance: ln 2 ≈ {cost}</source>
        <translation>随机水平：ln 2 ≈ {cost}</translation>
    </message>
    <message>
        <source>chance (p = 0.5 for all): ln 2 ≈ {cost}</source>
        <translation>随机水平（全部 p = 0.5）：ln 2 ≈ {cost}</translation>
    </message>
    <message>
        <source>training cost</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>held-out cost</source>
        <translation>验证集损失</translation>
    </message>
    <message>
        <source>optimum {cost}</source>
        <translation>最优值 {cost}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Logistic Regression Lab</source>
        <translation>Logistic 回归实验室</translation>
    </message>
    <message>
        <source>Warning: {text}</source>
        <translation>警告：{text}</translation>
    </message>
    <message>
        <source>Data settings changed: press Reset to apply them</source>
        <translation>数据设置已修改：按“重置”后生效</translation>
    </message>
    <message>
        <source>{dataset} · N {samples} · D {features} · lr {lr} · L2 {l2} · step {step} · {device}</source>
        <translation>{dataset} · N {samples} · D {features} · lr {lr} · L2 {l2} · 第 {step} 步 · {device}</translation>
    </message>
    <message>
        <source>The last session&apos;s lesson could not be opened; the default one was.</source>
        <translation>无法打开上次的课程，已改为打开默认课程。</translation>
    </message>
</context>
<context>
    <name>MathsDialog</name>
    <message>
        <source>
&lt;h2&gt;Logistic regression, as this lab trains it&lt;/h2&gt;
&lt;p&gt;&lt;b&gt;Model.&lt;/b&gt; For a sample x with {features} features:
&lt;br&gt;&amp;nbsp;&amp;nbsp; z = w·x + b &amp;nbsp;&amp;nbsp;&amp;nbsp; h = s(z) = 1 / (1 + e&lt;sup&gt;−z&lt;/sup&gt;)
&amp;nbsp;&amp;nbsp;&amp;nbsp; prediction = 1 if h &amp;gt; 0.5 (that is, z &amp;gt; 0), else 0.
&lt;br&gt;The same curve is s(z) = (1 + tanh(z/2)) / 2.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Cost&lt;/b&gt; over the N = {samples} training samples, with L2 strength l2 = {l2:g}:
&lt;br&gt;&amp;nbsp;&amp;nbsp; cost = (1/N) Σ&lt;sub&gt;i&lt;/sub&gt; [ −y&lt;sub&gt;i&lt;/sub&gt; log h&lt;sub&gt;i&lt;/sub&gt;
− (1 − y&lt;sub&gt;i&lt;/sub&gt;) log(1 − h&lt;sub&gt;i&lt;/sub&gt;) ] + l2 · Σ&lt;sub&gt;j&lt;/sub&gt; w&lt;sub&gt;j&lt;/sub&gt;&lt;sup&gt;2&lt;/sup&gt;
&lt;br&gt;The bias b is not penalised. Each term is computed as softplus(z) − y z, which stays finite
even when |z| is large (the textbook form overflows past |z| ≈ 17 in float32).&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Gradient-descent update&lt;/b&gt;, full batch, learning rate lr = {lr:g}:
&lt;br&gt;&amp;nbsp;&amp;nbsp; w ← w − lr · ( Xᵀ(h − y) / N + 2 · l2 · w )
&lt;br&gt;&amp;nbsp;&amp;nbsp; b ← b − lr · mean(h − y)
&lt;br&gt;With these values each step first shrinks w by the factor 1 − 2·lr·l2 = {decay:.6g}.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;What the plots show.&lt;/b&gt; The loss plot records, for step t, the cost of the parameters
&lt;i&gt;before&lt;/i&gt; update t (step 0 is the starting cost). The samples view places every sample at
(z&lt;sub&gt;i&lt;/sub&gt;, y&lt;sub&gt;i&lt;/sub&gt;) on the sigmoid: a sample is classified correctly when it sits on
the same side of z = 0 as its label.&lt;/p&gt;
&lt;p&gt;&lt;b&gt;Current lesson:&lt;/b&gt; {dataset}, {iterations:,} iterations, {dtype} on device “{device}”,
initial weights “{init}”, seed {seed}.&lt;/p&gt;
</source>
        <translation>
&lt;h2&gt;Logistic 回归：本实验室的训练方式&lt;/h2&gt;
&lt;p&gt;&lt;b&gt;模型。&lt;/b&gt;对一个有 {features} 个特征的样本 x：
&lt;br&gt;&amp;nbsp;&amp;nbsp; z = w·x + b &amp;nbsp;&amp;nbsp;&amp;nbsp; h = s(z) = 1 / (1 + e&lt;sup&gt;−z&lt;/sup&gt;)
&amp;nbsp;&amp;nbsp;&amp;nbsp; 若 h &amp;gt; 0.5（即 z &amp;gt; 0），预测为 1，否则为 0。
&lt;br&gt;同一条曲线也可以写成 s(z) = (1 + tanh(z/2)) / 2。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;损失&lt;/b&gt;：在 N = {samples} 个训练样本上取平均，L2 正则化强度 l2 = {l2:g}：
&lt;br&gt;&amp;nbsp;&amp;nbsp; 损失 = (1/N) Σ&lt;sub&gt;i&lt;/sub&gt; [ −y&lt;sub&gt;i&lt;/sub&gt; log h&lt;sub&gt;i&lt;/sub&gt;
− (1 − y&lt;sub&gt;i&lt;/sub&gt;) log(1 − h&lt;sub&gt;i&lt;/sub&gt;) ] + l2 · Σ&lt;sub&gt;j&lt;/sub&gt; w&lt;sub&gt;j&lt;/sub&gt;&lt;sup&gt;2&lt;/sup&gt;
&lt;br&gt;偏置 b 不参与正则化。每一项按 softplus(z) − y z 计算，即使 |z| 很大也保持有限
（教科书上的写法在 float32 下当 |z| 超过约 17 时就会溢出）。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;梯度下降更新&lt;/b&gt;（全批量），学习率 lr = {lr:g}：
&lt;br&gt;&amp;nbsp;&amp;nbsp; w ← w − lr · ( Xᵀ(h − y) / N + 2 · l2 · w )
&lt;br&gt;&amp;nbsp;&amp;nbsp; b ← b − lr · mean(h − y)
&lt;br&gt;按当前取值，每一步都先把 w 乘以因子 1 − 2·lr·l2 = {decay:.6g}。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;各图的含义。&lt;/b&gt;损失图中第 t 步记录的是第 t 次更新&lt;i&gt;之前&lt;/i&gt;的参数的损失
（第 0 步即初始损失）。样本图把每个样本画在 sigmoid 曲线上的
(z&lt;sub&gt;i&lt;/sub&gt;, y&lt;sub&gt;i&lt;/sub&gt;) 处：样本与其标签位于 z = 0 的同一侧时，即分类正确。&lt;/p&gt;
&lt;p&gt;&lt;b&gt;当前课程：&lt;/b&gt;{dataset}，{iterations:,} 次迭代，在设备“{device}”上以 {dtype} 计算，
初始权重“{init}”，随机种子 {seed}。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>
&lt;p&gt;&lt;b&gt;The cost to beat: ln 2 ≈ 0.693.&lt;/b&gt; A model that says p = 0.5 for every sample (w = 0,
b = 0, so z = 0) pays −log 0.5 = ln 2 for each sample whatever its label, and its L2 term is
l2 · Σ 0² = 0: its cost is exactly ln 2. The dotted line on the cost panel marks it. A cost
above it is worse than not looking at the data at all; a classifier has learnt something only
once its cost is below it.&lt;/p&gt;
</source>
        <translation>
&lt;p&gt;&lt;b&gt;要超越的损失：ln 2 ≈ 0.693。&lt;/b&gt;一个对每个样本都说 p = 0.5 的模型（w = 0，b = 0，所以 z = 0），
无论标签是什么，每个样本都付出 −log 0.5 = ln 2，而它的 L2 项是 l2 · Σ 0² = 0：它的损失正好是 ln 2。
损失面板上的点线标出了它。高于它的损失比完全不看数据还差；只有损失低于它，分类器才算学到了东西。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>
&lt;p&gt;&lt;b&gt;The decision threshold t&lt;/b&gt; (0.5 unless the View group says otherwise): a sample
is called class 1 when h &amp;gt; t, that is when z &amp;gt; ln(t / (1 − t)).
Training never uses t; it only decides the predictions, the rings and the counts.
Precision = TP / (TP + FP), recall = TP / (TP + FN),
F1 = 2 TP / (2 TP + FP + FN). The ROC tab shows every threshold at once.&lt;/p&gt;
</source>
        <translation>
&lt;p&gt;&lt;b&gt;决策阈值 t&lt;/b&gt;（除非在“显示”中另行设置，否则为 0.5）：当 h &amp;gt; t，即 z &amp;gt; ln(t / (1 − t)) 时，
样本被判为类别 1。训练从不使用 t；它只决定预测、圆圈标记和计数。
精确率 = TP / (TP + FP)，召回率 = TP / (TP + FN)，
F1 = 2 TP / (2 TP + FP + FN)。ROC 标签页同时显示所有阈值。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>About the maths</source>
        <translation>关于数学原理</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>The look for the screen</source>
        <translation>适合屏幕显示的外观</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>White background, thick lines and large fonts, for slides and projectors</source>
        <translation>白色背景、粗线条、大字号，适合幻灯片和投影仪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open data file...</source>
        <translation>打开数据文件…</translation>
    </message>
    <message>
        <source>Train on your own .csv or .npz file</source>
        <translation>用你自己的 .csv 或 .npz 文件训练</translation>
    </message>
    <message>
        <source>Open lesson...</source>
        <translation>打开课程…</translation>
    </message>
    <message>
        <source>Re-open a saved lesson: settings, data, history and pinned runs</source>
        <translation>重新打开保存的课程：设置、数据、训练记录和固定的运行</translation>
    </message>
    <message>
        <source>Save lesson...</source>
        <translation>保存课程…</translation>
    </message>
    <message>
        <source>Save settings, data reference, history and pinned runs to a JSON lesson file</source>
        <translation>把设置、数据引用、训练记录和固定的运行保存为 JSON 课程文件</translation>
    </message>
    <message>
        <source>Save lesson as exercise...</source>
        <translation>将课程另存为练习…</translation>
    </message>
    <message>
        <source>Save this lesson for students with chosen controls locked, and a note saying why</source>
        <translation>为学生保存这个课程：锁定选定的控件，并附上说明原因的文字</translation>
    </message>
    <message>
        <source>Export for slides...</source>
        <translation>导出到幻灯片…</translation>
    </message>
    <message>
        <source>Save a panel or the whole window as PNG (1x-4x) or SVG, with an optional caption</source>
        <translation>把一个面板或整个窗口保存为 PNG（1x-4x）或 SVG，可附图注</translation>
    </message>
    <message>
        <source>Export animation...</source>
        <translation>导出动画…</translation>
    </message>
    <message>
        <source>Save the run as a GIF, WebP, animated PNG or MP4 for slides, each frame rendered from the run&apos;s timeline</source>
        <translation>把这次运行保存为 GIF、WebP、动画 PNG 或 MP4，用于幻灯片；每一帧都根据运行的时间线渲染</translation>
    </message>
    <message>
        <source>Export history as CSV...</source>
        <translation>把训练记录导出为 CSV…</translation>
    </message>
    <message>
        <source>Save the cost and accuracy of every step to a CSV file</source>
        <translation>把每一步的损失和准确率保存到 CSV 文件</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Close the lab</source>
        <translation>关闭实验室</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Start / pause</source>
        <translation>开始 / 暂停</translation>
    </message>
    <message>
        <source>Start training, or pause it</source>
        <translation>开始训练，或暂停训练</translation>
    </message>
    <message>
        <source>One step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Take one gradient-descent step (S; Right too, at the latest step)</source>
        <translation>执行一步梯度下降（S 键；在最新一步时也可按右方向键）</translation>
    </message>
    <message>
        <source>Rewind</source>
        <translation>回看</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Start again from the initial weights, applying changed data settings</source>
        <translation>从初始权重重新开始，并应用修改过的数据设置</translation>
    </message>
    <message>
        <source>Pin this run</source>
        <translation>固定这次运行</translation>
    </message>
    <message>
        <source>Keep this run&apos;s curves as faded ghosts to compare the next run against</source>
        <translation>把这次运行的曲线保留为淡色的影子，与下一次运行对比</translation>
    </message>
    <message>
        <source>Clear pinned runs</source>
        <translation>清除固定的运行</translation>
    </message>
    <message>
        <source>Remove the ghosts</source>
        <translation>移除这些影子曲线</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>聚焦</translation>
    </message>
    <message>
        <source>Show (1 + tanh(x/2)) / 2</source>
        <translation>显示 (1 + tanh(x/2)) / 2</translation>
    </message>
    <message>
        <source>Overlay the tanh form of the sigmoid: the same curve</source>
        <translation>叠加 sigmoid 的 tanh 形式：是同一条曲线</translation>
    </message>
    <message>
        <source>Log-scale cost</source>
        <translation>损失用对数坐标</translation>
    </message>
    <message>
        <source>A log axis shows the slow final approach to the optimum</source>
        <translation>对数坐标能看清最后缓慢逼近最优值的过程</translation>
    </message>
    <message>
        <source>Gap to optimum (log)</source>
        <translation>与最优值之差（对数）</translation>
    </message>
    <message>
        <source>Plot cost minus the exact optimum on a log axis</source>
        <translation>在对数坐标上画出损失减去精确最优值</translation>
    </message>
    <message>
        <source>Log step axis</source>
        <translation>步数用对数坐标</translation>
    </message>
    <message>
        <source>Spread out the first steps, where most of the learning happens</source>
        <translation>拉开最初几步：大部分学习都发生在这里</translation>
    </message>
    <message>
        <source>Caption on exports</source>
        <translation>导出时加图注</translation>
    </message>
    <message>
        <source>Add a line with the settings under exported images</source>
        <translation>在导出的图片下方加一行设置说明</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About the maths</source>
        <translation>关于数学原理</translation>
    </message>
    <message>
        <source>The model, cost and update formulas with the current values</source>
        <translation>模型、损失和更新公式，以及当前的取值</translation>
    </message>
    <message>
        <source>Bigger text for the back of the classroom</source>
        <translation>放大文字，让教室后排也看得清</translation>
    </message>
</context>
<context>
    <name>ModelSlot</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The decision boundary for data with two features, the weights otherwise</source>
        <translation>二维数据显示决策边界，其他数据显示权重</translation>
    </message>
</context>
<context>
    <name>PinnedRuns</name>
    <message>
        <source>Nothing to pin yet: train a few steps first.</source>
        <translation>还没有可固定的内容：请先训练几步。</translation>
    </message>
    <message>
        <source>Pinned the run ({settings}). Change a setting, Reset and Start to compare.</source>
        <translation>已固定本次训练（{settings}）。修改设置后，按“重置”再“开始”即可对比。</translation>
    </message>
</context>
<context>
    <name>PlotPanels</name>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>The selected samples&apos; numbers and features at the step shown</source>
        <translation>所选样本在当前显示步的数值与特征</translation>
    </message>
    <message>
        <source>ROC</source>
        <translation>ROC</translation>
    </message>
    <message>
        <source>Every decision threshold at once: ROC and precision-recall curves</source>
        <translation>同时显示所有决策阈值：ROC 曲线与精确率-召回率曲线</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>地形图</translation>
    </message>
    <message>
        <source>The cost over the first two weights, with the path of the iterates</source>
        <translation>前两个权重上的代价，以及迭代的路径</translation>
    </message>
</context>
<context>
    <name>PredictionsPlot</name>
    <message>
        <source>training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>held-out</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>held-out set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>predictions</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>sample index</source>
        <translation>样本序号</translation>
    </message>
    <message>
        <source>Which samples the strips and counts show</source>
        <translation>色条与计数显示哪一组样本</translation>
    </message>
    <message>
        <source>TP {tp}  FP {fp}  TN {tn}  FN {fn}  accuracy {accuracy}</source>
        <translation>TP {tp}  FP {fp}  TN {tn}  FN {fn}  准确率 {accuracy}</translation>
    </message>
    <message>
        <source>P {precision}  R {recall}  F1 {f1}</source>
        <translation>精确率 {precision}  召回率 {recall}  F1 {f1}</translation>
    </message>
    <message>
        <source>precision {precision}  recall {recall}  F1 {f1}</source>
        <translation>精确率 {precision}  召回率 {recall}  F1 {f1}</translation>
    </message>
    <message>
        <source>(class 1: p &gt; {threshold:g})</source>
        <translation>（类别 1：p &gt; {threshold:g}）</translation>
    </message>
    <message>
        <source>{set}:  {counts}</source>
        <translation>{set}：  {counts}</translation>
    </message>
    <message>
        <source>{samples} samples, {per_column} per column</source>
        <translation>{samples} 个样本，每列 {per_column} 个</translation>
    </message>
    <message>
        <source>Labels and predictions</source>
        <translation>标签与预测</translation>
    </message>
    <message>
        <source>{title}: {set}</source>
        <translation>{title}：{set}</translation>
    </message>
    <message>
        <source>class 0</source>
        <translation>类别 0</translation>
    </message>
    <message>
        <source>class 1</source>
        <translation>类别 1</translation>
    </message>
</context>
<context>
    <name>Preset</name>
    <message>
        <source>The notebook&apos;s data: standard normal features, random 0/1 labels (400 x 784).</source>
        <translation>笔记本中的数据：标准正态分布的特征，随机的 0/1 标签（400 x 784）。</translation>
    </message>
    <message>
        <source>Two 2-D Gaussian clusters, separable when noise is small.</source>
        <translation>两个二维高斯簇，噪声小时线性可分。</translation>
    </message>
    <message>
        <source>Two overlapping 2-D clusters: accuracy cannot reach 1.</source>
        <translation>两个相互重叠的二维簇：准确率无法达到 1。</translation>
    </message>
    <message>
        <source>Four 2-D clusters in an XOR pattern: a linear model fails.</source>
        <translation>按 XOR（异或）排列的四个二维簇：线性模型无法分开。</translation>
    </message>
    <message>
        <source>The notebook&apos;s random labels; with a held-out split training accuracy reaches 1 while held-out stays near 0.5.</source>
        <translation>笔记本中的随机标签；划出验证集后，训练准确率达到 1，验证集准确率却停在 0.5 附近。</translation>
    </message>
    <message>
        <source>Real data: MNIST handwritten 3s (class 0) and 8s (class 1), 1 000 pictures of 28 x 28 pixels.</source>
        <translation>真实数据：MNIST 手写数字 3（类别 0）和 8（类别 1），共 1 000 张 28 x 28 像素的图片。</translation>
    </message>
    <message>
        <source>Real data: small 8 x 8 handwritten 3s (class 0) and 8s (class 1), 357 pictures.</source>
        <translation>真实数据：8 x 8 的小尺寸手写数字 3（类别 0）和 8（类别 1），共 357 张图片。</translation>
    </message>
    <message>
        <source>Real data: 569 breast tumours, 30 measurements, malignant = 1; standardise the features first.</source>
        <translation>真实数据：569 个乳腺肿瘤，30 项测量值，恶性 = 1；请先对特征做标准化。</translation>
    </message>
    <message>
        <source>Real data: Iris versicolor (0) and virginica (1) by petal length and width in cm; they overlap.</source>
        <translation>真实数据：按花瓣长度和宽度（厘米）区分的变色鸢尾（0）和维吉尼亚鸢尾（1）；两类有重叠。</translation>
    </message>
</context>
<context>
    <name>ReferenceOptimum</name>
    <message>
        <source>The gap view appears once the optimum is known.</source>
        <translation>求出最优值后才会显示“与最优值之差”视图。</translation>
    </message>
    <message>
        <source>No finite optimum: the data are separable and L2 is 0, so the cost keeps falling towards 0 as the weights grow.</source>
        <translation>没有有限的最优值：数据线性可分且 L2 为 0，权重不断增大，损失一直向 0 下降。</translation>
    </message>
    <message>
        <source>Could not compute the optimum: {message}</source>
        <translation>无法计算最优值：{message}</translation>
    </message>
</context>
<context>
    <name>ReplayProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Opening the lesson</source>
        <translation>正在打开课程</translation>
    </message>
    <message>
        <source>Re-training the lesson&apos;s run so that it continues exactly: step {step} of {final}</source>
        <translation>正在重新训练课程中的这次运行，以便精确地接着训练：第 {step} / {final} 步</translation>
    </message>
</context>
<context>
    <name>RocPlot</name>
    <message>
        <source>ROC curve</source>
        <translation>ROC 曲线</translation>
    </message>
    <message>
        <source>ROC: every threshold</source>
        <translation>ROC：所有阈值</translation>
    </message>
    <message>
        <source>Precision–recall</source>
        <translation>精确率-召回率</translation>
    </message>
    <message>
        <source>Precision and recall: every threshold</source>
        <translation>精确率与召回率：所有阈值</translation>
    </message>
    <message>
        <source>ROC: true-positive against false-positive rate; precision-recall: how many class-1 calls are right against how many class-1 samples are found. Each point of a curve is one threshold.</source>
        <translation>ROC：真正例率对假正例率；精确率-召回率：判为类别 1 的样本中有多少是对的，对比类别 1 的样本被找出了多少。曲线上的每个点对应一个阈值。</translation>
    </message>
    <message>
        <source>false-positive rate  FP / (FP + TN)</source>
        <translation>假正例率  FP / (FP + TN)</translation>
    </message>
    <message>
        <source>FP rate</source>
        <translation>假正例率</translation>
    </message>
    <message>
        <source>true-positive rate (recall)</source>
        <translation>真正例率（召回率）</translation>
    </message>
    <message>
        <source>TP rate</source>
        <translation>真正例率</translation>
    </message>
    <message>
        <source>recall  TP / (TP + FN)</source>
        <translation>召回率  TP / (TP + FN)</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>precision  TP / (TP + FP)</source>
        <translation>精确率  TP / (TP + FP)</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>AP</source>
        <translation>AP</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>held-out</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>threshold p &gt; {t:g} (training)</source>
        <translation>阈值 p &gt; {t:g}（训练集）</translation>
    </message>
    <message>
        <source>threshold p &gt; {t:g} (held-out)</source>
        <translation>阈值 p &gt; {t:g}（验证集）</translation>
    </message>
    <message>
        <source>threshold p &gt; {t:g}</source>
        <translation>阈值 p &gt; {t:g}</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>随机水平</translation>
    </message>
</context>
<context>
    <name>RunStatusBar</name>
    <message>
        <source>Preparing data...</source>
        <translation>正在准备数据…</translation>
    </message>
    <message>
        <source>Opening the lesson: re-training its run...</source>
        <translation>正在打开课程：重新训练其中的运行…</translation>
    </message>
    <message>
        <source>Ready: press Start (Space)</source>
        <translation>就绪：按“开始”（空格键）</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Diverged: lower the learning rate, then Reset</source>
        <translation>已发散：请调低学习率，然后重置</translation>
    </message>
    <message>
        <source>Stopped by an error</source>
        <translation>因错误而停止</translation>
    </message>
    <message>
        <source>gram</source>
        <translation>Gram 矩阵</translation>
    </message>
    <message>
        <source>primal</source>
        <translation>原始形式</translation>
    </message>
    <message>
        <source>mini-batch</source>
        <translation>小批量</translation>
    </message>
    <message>
        <source>no GPU found: training on the CPU</source>
        <translation>未找到 GPU：在 CPU 上训练</translation>
    </message>
    <message>
        <source>These settings cannot be used</source>
        <translation>这些设置无法使用</translation>
    </message>
    <message>
        <source>This value cannot be used</source>
        <translation>这个值无法使用</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>训练发散了</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>训练已停止</translation>
    </message>
    <message>
        <source>This file cannot be used</source>
        <translation>这个文件无法使用</translation>
    </message>
    <message>
        <source>This lesson cannot be opened</source>
        <translation>无法打开这个课程</translation>
    </message>
    <message>
        <source>Could not save the lesson</source>
        <translation>无法保存课程</translation>
    </message>
    <message>
        <source>Could not save the history</source>
        <translation>无法保存训练记录</translation>
    </message>
    <message>
        <source>Could not save the exercise</source>
        <translation>无法保存练习</translation>
    </message>
    <message>
        <source>Loading PyTorch (a few seconds on a first start)...</source>
        <translation>正在加载 PyTorch（首次启动需要几秒钟）…</translation>
    </message>
    <message>
        <source>Big fonts leave room for fewer panels; View &gt; Focus (Ctrl+0 to Ctrl+8) chooses which to show large.</source>
        <translation>字号越大，放得下的面板越少；可在“视图 &gt; 聚焦”（Ctrl+0 到 Ctrl+8）中选择放大显示哪些面板。</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>{speed} steps/s</source>
        <translation>{speed} 步/秒</translation>
    </message>
    <message>
        <source>{speed} steps/s, drawing less often to train faster</source>
        <translation>{speed} 步/秒，减少绘图以加快训练</translation>
    </message>
    <message>
        <source>Drawing takes time the training needs, so on this machine the window draws the curves {fps} times a second and a model view every {ms} ms.</source>
        <translation>绘图会占用训练所需的时间，因此在这台机器上，窗口每秒绘制曲线 {fps} 次，每 {ms} 毫秒刷新一个模型视图。</translation>
    </message>
    <message>
        <source>{name} (train)</source>
        <translation>{name}（训练集）</translation>
    </message>
    <message>
        <source>1 sample</source>
        <translation>1 个样本</translation>
    </message>
    <message>
        <source>{count} samples</source>
        <translation>{count} 个样本</translation>
    </message>
    <message>
        <source>1 feature</source>
        <translation>1 个特征</translation>
    </message>
    <message>
        <source>{count} features</source>
        <translation>{count} 个特征</translation>
    </message>
    <message>
        <source>1 thread</source>
        <translation>1 个线程</translation>
    </message>
    <message>
        <source>{count} threads</source>
        <translation>{count} 个线程</translation>
    </message>
    <message>
        <source>{data}  |  {device} ({method}, {threads})</source>
        <translation>{data}  |  {device}（{method}，{threads}）</translation>
    </message>
    <message>
        <source>{name}: {samples} x {features}</source>
        <translation>{name}：{samples} × {features}</translation>
    </message>
    <message>
        <source>{shown} of {total} panels</source>
        <translation>显示 {shown}/{total} 个面板</translation>
    </message>
    <message>
        <source>Diverged at step {step}: lower the learning rate, then Reset</source>
        <translation>第 {step} 步发散：请调低学习率，然后重置</translation>
    </message>
</context>
<context>
    <name>SampleInspector</name>
    <message>
        <source>sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>label y</source>
        <translation>标签 y</translation>
    </message>
    <message>
        <source>z = w·x + b</source>
        <translation>z = w·x + b</translation>
    </message>
    <message>
        <source>p = s(z)</source>
        <translation>p = s(z)</translation>
    </message>
    <message>
        <source>cost term</source>
        <translation>代价项</translation>
    </message>
    <message>
        <source>p − y</source>
        <translation>p − y</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>value xⱼ</source>
        <translation>值 xⱼ</translation>
    </message>
    <message>
        <source>no sample selected</source>
        <translation>未选择样本</translation>
    </message>
    <message>
        <source>Click a sample, or drag a rectangle, in the samples, decision or predictions view; Shift adds to the selection, Ctrl adds or removes, Esc clears it</source>
        <translation>在样本、决策或预测视图中单击一个样本或拖出一个矩形；按住 Shift 可添加到选择，按住 Ctrl 可添加或移除，Esc 清除选择</translation>
    </message>
    <message>
        <source>Click a sample, or drag a rectangle round several, in the samples, decision or predictions view to see its numbers here. Shift adds to the selection, Ctrl adds or removes; Esc clears it.</source>
        <translation>在样本、决策或预测视图中单击一个样本，或拖出矩形框选多个样本，即可在此查看其数值。按住 Shift 可添加到选择，按住 Ctrl 可添加或移除；Esc 清除选择。</translation>
    </message>
    <message>
        <source>z = w·x + b: the sample&apos;s logit at the step shown; p = s(z): the model&apos;s P(y = 1); cost term: −y log p − (1 − y) log(1 − p), its share of the cost; p − y: its pull on the bias (the bias moves by −lr times the mean of p − y)</source>
        <translation>z = w·x + b：样本在当前显示步的 logit；p = s(z)：模型给出的 P(y = 1)；代价项：−y log p − (1 − y) log(1 − p)，即它在代价中的份额；p − y：它对偏置的拉力（偏置的变化量为 −lr 乘以 p − y 的均值）</translation>
    </message>
    <message>
        <source>Features: widen the panel or use View &gt; Focus to see them</source>
        <translation>特征：加宽面板，或用“视图 &gt; 聚焦”查看</translation>
    </message>
    <message>
        <source>The features&apos; chart needs more room than this panel has</source>
        <translation>特征图所需的空间超过了此面板的大小</translation>
    </message>
    <message>
        <source>x of sample {index}</source>
        <translation>样本 {index} 的 x</translation>
    </message>
    <message>
        <source>mean x of {count} samples</source>
        <translation>{count} 个样本的 x 均值</translation>
    </message>
    <message>
        <source>No sample selected</source>
        <translation>未选择样本</translation>
    </message>
    <message>
        <source>Sample {index}</source>
        <translation>样本 {index}</translation>
    </message>
    <message>
        <source>{count} samples: {training} training, {held_out} held-out</source>
        <translation>{count} 个样本：{training} 个训练样本，{held_out} 个留出样本</translation>
    </message>
    <message>
        <source>{count} samples</source>
        <translation>{count} 个样本</translation>
    </message>
    <message>
        <source>mean of {count}</source>
        <translation>{count} 个的均值</translation>
    </message>
    <message>
        <source>held-out {index}</source>
        <translation>留出 {index}</translation>
    </message>
</context>
<context>
    <name>SampleSelector</name>
    <message>
        <source>Click a sample to inspect it, or drag a rectangle round several; Shift adds to the selection, Ctrl adds the samples not selected and removes those selected, Esc clears it</source>
        <translation>单击一个样本以检查它，或拖出矩形框选多个；按住 Shift 可添加到选择，按住 Ctrl 可添加未选中的样本并移除已选中的样本，Esc 清除选择</translation>
    </message>
    <message>
        <source>Clear the sample selection</source>
        <translation>清除样本选择</translation>
    </message>
    <message>
        <source>Sample selection cleared</source>
        <translation>样本选择已清除</translation>
    </message>
    <message>
        <source>{count} selected (Ctrl-click toggles, Esc clears)</source>
        <translation>已选择 {count}（Ctrl 单击切换选中，Esc 清除）</translation>
    </message>
    <message>
        <source>1 sample</source>
        <translation>1 个样本</translation>
    </message>
    <message>
        <source>{count} samples</source>
        <translation>{count} 个样本</translation>
    </message>
</context>
<context>
    <name>SamplesPlot</name>
    <message>
        <source>z = w·x + b  (logit)</source>
        <translation>z = w·x + b（logit）</translation>
    </message>
    <message>
        <source>label y,  s(z) = P(y = 1)</source>
        <translation>标签 y，s(z) = P(y = 1)</translation>
    </message>
    <message>
        <source>y,  s(z)</source>
        <translation>y，s(z)</translation>
    </message>
    <message>
        <source>predicts 1 →</source>
        <translation>预测为 1 →</translation>
    </message>
    <message>
        <source>← predicts 0</source>
        <translation>← 预测为 0</translation>
    </message>
    <message>
        <source>The decision threshold: samples above it on the sigmoid are called class 1. Drag it (training does not use it).</source>
        <translation>决策阈值：sigmoid 上高于它的样本判为类别 1。可以拖动它（训练不使用它）。</translation>
    </message>
    <message>
        <source>Samples on the sigmoid</source>
        <translation>sigmoid 曲线上的样本</translation>
    </message>
    <message>
        <source>class 0</source>
        <translation>类别 0</translation>
    </message>
    <message>
        <source>class 1</source>
        <translation>类别 1</translation>
    </message>
    <message>
        <source>held-out class 0</source>
        <translation>验证集 类别 0</translation>
    </message>
    <message>
        <source>held-out class 1</source>
        <translation>验证集 类别 1</translation>
    </message>
    <message>
        <source>sigmoid s(z)</source>
        <translation>sigmoid 曲线 s(z)</translation>
    </message>
    <message>
        <source>misclassified ({count})</source>
        <translation>误分类（{count}）</translation>
    </message>
    <message>
        <source>misclassified ({count}; held-out {held_out})</source>
        <translation>误分类（{count}；验证集 {held_out}）</translation>
    </message>
</context>
<context>
    <name>Scrubber</name>
    <message>
        <source>Back one step</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <source>Rewind: show the model one step earlier (Left)</source>
        <translation>回看：显示前一步的模型（左方向键）</translation>
    </message>
    <message>
        <source>Forward one step</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <source>Rewound: show the model one step later; at the latest step of a paused run, take one training step as S does (Right)</source>
        <translation>回看中：显示后一步的模型；在已暂停运行的最新一步时，像 S 键一样训练一步（右方向键）</translation>
    </message>
    <message>
        <source>Back 100 steps</source>
        <translation>后退 100 步</translation>
    </message>
    <message>
        <source>Rewind: show the model 100 steps earlier (Shift+Left)</source>
        <translation>回看：显示 100 步之前的模型（Shift+左方向键）</translation>
    </message>
    <message>
        <source>Forward 100 steps</source>
        <translation>前进 100 步</translation>
    </message>
    <message>
        <source>Rewound: show the model 100 steps later (Shift+Right)</source>
        <translation>回看中：显示 100 步之后的模型（Shift+右方向键）</translation>
    </message>
    <message>
        <source>First step</source>
        <translation>第一步</translation>
    </message>
    <message>
        <source>Rewind to step 0, the starting weights (Home)</source>
        <translation>回到第 0 步，即初始权重（Home 键）</translation>
    </message>
    <message>
        <source>Latest step</source>
        <translation>最新一步</translation>
    </message>
    <message>
        <source>Back to the latest step: the live model again (End)</source>
        <translation>回到最新一步，重新显示实时模型（End 键）</translation>
    </message>
    <message>
        <source>step {step} of {latest} (rewound)</source>
        <translation>第 {step} 步，共 {latest} 步（回看中）</translation>
    </message>
    <message>
        <source>step {step} / {total}</source>
        <translation>第 {step} / {total} 步</translation>
    </message>
    <message>
        <source>Continue from a rewound step</source>
        <translation>从回看的步骤继续</translation>
    </message>
    <message>
        <source>Continue from step {step}? The {later} later steps will be dropped.</source>
        <translation>从第 {step} 步继续吗？之后的 {later} 步将被丢弃。</translation>
    </message>
</context>
<context>
    <name>Setting</name>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The learning rate: how far each step moves against the gradient; too large and training diverges.</source>
        <translation>学习率：每一步沿负梯度方向移动多远；太大会导致训练发散。</translation>
    </message>
    <message>
        <source>L2 strength</source>
        <translation>L2 正则化强度</translation>
    </message>
    <message>
        <source>The L2 strength: a penalty on large weights (l2 * sum of w squared) that pulls them towards 0.</source>
        <translation>L2 正则化强度：对较大权重的惩罚（l2 × w 的平方和），把权重拉向 0。</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>迭代次数</translation>
    </message>
    <message>
        <source>How many gradient-descent steps a run takes (the notebook uses 10 001).</source>
        <translation>一次运行执行多少步梯度下降（笔记本中为 10 001 步）。</translation>
    </message>
    <message>
        <source>Initial weights</source>
        <translation>初始权重</translation>
    </message>
    <message>
        <source>randn: the notebook&apos;s random start; zeros: every prediction starts at 0.5.</source>
        <translation>randn：笔记本中的随机初始值；全零：所有预测都从 0.5 开始。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Samples per step. 0, full batch, uses all of them, as the notebook; a mini-batch takes the next shuffled batch each step: cheaper, noisier steps, and data larger than the GPU.</source>
        <translation>每一步使用的样本数。0 表示全批量，像笔记本那样使用全部样本；小批量每一步取打乱顺序后的下一批：每步更省、噪声更大，也能训练比 GPU 显存更大的数据。</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Which data to learn: the notebook&apos;s (&apos;seed&apos;), a 2-D teaching set, real data, or your own file.</source>
        <translation>要学习的数据：笔记本中的数据（seed）、二维教学数据集、真实数据，或你自己的文件。</translation>
    </message>
    <message>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>.csv (numeric columns, the last is the 0/1 label; the first row is a header when its last field is a name, not a number or empty) or .npz (arrays X and y); replaces --preset.</source>
        <translation>.csv（数值列，最后一列是 0/1 标签；若第一行最后一个字段是名称而不是数字或空白，则第一行为表头）或 .npz（数组 X 和 y）；取代 --preset。</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Number of samples N of a preset (real data and files have their own).</source>
        <translation>预设数据的样本数 N（真实数据和文件有各自的样本数）。</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征数</translation>
    </message>
    <message>
        <source>Number of features D of the notebook&apos;s random data (&apos;seed&apos;, &apos;overfit&apos;); the 2-D sets have 2, real data and files their own.</source>
        <translation>笔记本式随机数据（seed、overfit）的特征数 D；二维数据集固定为 2，真实数据和文件有各自的特征数。</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Spread of the 2-D clusters: more noise, more overlap.</source>
        <translation>二维数据簇的分散程度：噪声越大，重叠越多。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Random seed: the same seed gives the same data, split and starting weights.</source>
        <translation>随机种子：相同的种子给出相同的数据、划分和初始权重。</translation>
    </message>
    <message>
        <source>Held-out</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Share of samples kept out of training to measure how well the model generalises.</source>
        <translation>不参与训练、用来衡量模型泛化能力的样本比例。</translation>
    </message>
    <message>
        <source>Standardise features</source>
        <translation>特征标准化</translation>
    </message>
    <message>
        <source>Off: features are used as they are. On: each is shifted and scaled to mean 0, std 1 using the training samples.</source>
        <translation>关闭：直接使用原始特征。开启：用训练样本把每个特征平移并缩放到均值 0、标准差 1。</translation>
    </message>
    <message>
        <source>Extra features</source>
        <translation>额外特征</translation>
    </message>
    <message>
        <source>Features computed from x1 and x2, for 2-D data only: any of x1^2, x2^2, x1x2, sin_x1, sin_x2, added after x1 and x2, so that a linear model can draw a curved boundary in the (x1, x2) plane.</source>
        <translation>由 x1 和 x2 计算的特征，仅限二维数据：x1^2、x2^2、x1x2、sin_x1、sin_x2 中的任意几个，加在 x1 和 x2 之后，使线性模型能在 (x1, x2) 平面上画出弯曲的边界。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where PyTorch trains: auto picks a CUDA GPU when there is one.</source>
        <translation>PyTorch 在哪里训练：选“自动”时，有 CUDA GPU 就用 GPU。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Floating-point precision of training: float32 is fast; float64 shows the last digits of the cost.</source>
        <translation>训练所用的浮点精度：float32 速度快；float64 能显示损失的最后几位数字。</translation>
    </message>
</context>
<context>
    <name>SigmoidPlot</name>
    <message>
        <source>The sigmoid function</source>
        <translation>sigmoid 函数</translation>
    </message>
</context>
<context>
    <name>ThresholdControl</name>
    <message>
        <source>Threshold {value:g}: samples with p &gt; {value:g} are called class 1 (training is unchanged)</source>
        <translation>阈值 {value:g}：p &gt; {value:g} 的样本判为类别 1（训练不受影响）</translation>
    </message>
</context>
<context>
    <name>TransformInputs</name>
    <message>
        <source>Adds x₁² as a feature: lets a linear model draw a boundary curved along x₁ in the (x₁, x₂) plane (a parabola; with x₂² too, an ellipse).</source>
        <translation>加入 x₁² 作为特征：线性模型能在 (x₁, x₂) 平面上画出沿 x₁ 弯曲的边界（抛物线；再加 x₂² 则为椭圆）。</translation>
    </message>
    <message>
        <source>Adds x₂² as a feature: lets a linear model draw a boundary curved along x₂ in the (x₁, x₂) plane (a parabola; with x₁² too, an ellipse).</source>
        <translation>加入 x₂² 作为特征：线性模型能在 (x₁, x₂) 平面上画出沿 x₂ 弯曲的边界（抛物线；再加 x₁² 则为椭圆）。</translation>
    </message>
    <message>
        <source>Adds x₁·x₂ as a feature: lets a linear model draw a curved boundary in the (x₁, x₂) plane. It separates XOR: x₁·x₂ is positive in two opposite corners and negative in the other two.</source>
        <translation>加入 x₁·x₂ 作为特征：线性模型能在 (x₁, x₂) 平面上画出弯曲的边界。它能分开 XOR：x₁·x₂ 在两个相对的角上为正，在另外两个角上为负。</translation>
    </message>
    <message>
        <source>Adds sin x₁ as a feature: lets a linear model draw a boundary that waves along x₁ in the (x₁, x₂) plane.</source>
        <translation>加入 sin x₁ 作为特征：线性模型能在 (x₁, x₂) 平面上画出沿 x₁ 起伏的边界。</translation>
    </message>
    <message>
        <source>Adds sin x₂ as a feature: lets a linear model draw a boundary that waves along x₂ in the (x₁, x₂) plane.</source>
        <translation>加入 sin x₂ 作为特征：线性模型能在 (x₁, x₂) 平面上画出沿 x₂ 起伏的边界。</translation>
    </message>
    <message>
        <source>Only data with exactly two features, x₁ and x₂, can take extra features; this data has {count}.</source>
        <translation>只有恰好两个特征（x₁ 和 x₂）的数据才能加入额外特征；这份数据有 {count} 个。</translation>
    </message>
</context>
<context>
    <name>UniformScatter</name>
    <message>
        <source> ({shown} of {total} drawn)</source>
        <translation>（{total} 个中显示了 {shown} 个）</translation>
    </message>
</context>
<context>
    <name>WeightsPlot</name>
    <message>
        <source>pixel column</source>
        <translation>像素列</translation>
    </message>
    <message>
        <source>pixel row</source>
        <translation>像素行</translation>
    </message>
    <message>
        <source>feature index j</source>
        <translation>特征序号 j</translation>
    </message>
    <message>
        <source>weight wⱼ</source>
        <translation>权重 wⱼ</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>feature {j}</source>
        <translation>特征 {j}</translation>
    </message>
    <message>
        <source>no weights yet</source>
        <translation>还没有权重</translation>
    </message>
    <message>
        <source>bias b = {b}</source>
        <translation>偏置 b = {b}</translation>
    </message>
    <message>
        <source>pixel row {row}, column {column}: {value}</source>
        <translation>像素第 {row} 行、第 {column} 列：{value}</translation>
    </message>
    <message>
        <source>{count} weights as an {rows} × {columns} picture</source>
        <translation>{count} 个权重，排成 {rows} × {columns} 的图片</translation>
    </message>
    <message>
        <source>{count} weights as a {rows} × {columns} picture</source>
        <translation>{count} 个权重，排成 {rows} × {columns} 的图片</translation>
    </message>
    <message>
        <source>{count} weights: each bar is the mean of {per_bar} consecutive weights</source>
        <translation>{count} 个权重：每根柱子是连续 {per_bar} 个权重的平均值</translation>
    </message>
    <message>
        <source>wⱼ &gt; 0 pushes toward class 1</source>
        <translation>wⱼ &gt; 0 推向类别 1</translation>
    </message>
    <message>
        <source>wⱼ &lt; 0 toward class 0</source>
        <translation>wⱼ &lt; 0 推向类别 0</translation>
    </message>
</context>
</TS>
