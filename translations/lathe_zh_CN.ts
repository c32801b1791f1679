<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>lathe::gui::DataPanel</name>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>打开数据集(&amp;O)…</translation>
    </message>
    <message>
        <source>No dataset open</source>
        <translation>未打开数据集</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Open Dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.jsonl *.txt);;All files (*)</source>
        <translation>数据集 (*.csv *.tsv *.jsonl *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation>无法打开 %1：
%2</translation>
    </message>
    <message>
        <source>%1 lines of text for language modelling</source>
        <translation>%1 行用于语言建模的文本</translation>
    </message>
    <message numerus="yes">
        <source>%1 examples in %n classes: %2</source>
        <translation><numerusform>%1 个样本，共 %n 个类别：%2</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>(%n invalid UTF-8 sequences replaced)</source>
        <translation><numerusform>（已替换 %n 处无效的 UTF-8 序列）</numerusform></translation>
    </message>
</context>
<context>
    <name>lathe::gui::DatasetModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>lathe::gui::MainWindow</name>
    <message>
        <source>Lathe</source>
        <translation>Lathe</translation>
    </message>
    <message>
        <source>Experiment database</source>
        <translation>实验数据库</translation>
    </message>
    <message>
        <source>The experiment database could not be opened, so training is disabled:

%1

Choose another database with --db or the LATHE_DB environment variable.</source>
        <translation>无法打开实验数据库，训练功能已停用：

%1

请用 --db 参数或 LATHE_DB 环境变量指定其他数据库。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>打开数据集(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause / Resume</source>
        <translation>暂停 / 继续(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Lathe</source>
        <translation>关于 Lathe(&amp;A)</translation>
    </message>
    <message>
        <source>About Lathe</source>
        <translation>关于 Lathe</translation>
    </message>
    <message>
        <source>Lathe %1 — a workbench for training small language models and taking them apart.</source>
        <translation>Lathe %1 —— 训练小型语言模型并深入剖析它们的工作台。</translation>
    </message>
    <message>
        <source>Experiments: %1</source>
        <translation>实验库：%1</translation>
    </message>
    <message>
        <source>No experiment database: %1</source>
        <translation>没有实验数据库：%1</translation>
    </message>
    <message>
        <source>Threads: %1</source>
        <translation>线程数：%1</translation>
    </message>
</context>
<context>
    <name>lathe::gui::MetricChart</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
</context>
<context>
    <name>lathe::gui::TrainingPanel</name>
    <message>
        <source>&amp;Start Training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>Subwords (BPE)</source>
        <translation>子词 (BPE)</translation>
    </message>
    <message>
        <source>Open a dataset, then start training.</source>
        <translation>请先打开数据集，再开始训练。</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>macro F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>分词器：</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Transformer classifier</source>
        <translation>Transformer 分类器</translation>
    </message>
    <message>
        <source>BiLSTM classifier</source>
        <translation>BiLSTM 分类器</translation>
    </message>
    <message>
        <source>GPT language model</source>
        <translation>GPT 语言模型</translation>
    </message>
    <message>
        <source>LSTM language model</source>
        <translation>LSTM 语言模型</translation>
    </message>
    <message>
        <source>Ready to train on %1.</source>
        <translation>已准备好在 %1 上训练。</translation>
    </message>
    <message>
        <source>Preparing data and tokenizer…</source>
        <translation>正在准备数据和分词器…</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <source>Paused. Resume to continue from the same step.</source>
        <translation>已暂停。继续后将从同一步接着训练。</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>当前步完成后停止…</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Run %1 started: %2 parameters.</source>
        <translation>运行 %1 已开始：%2 个参数。</translation>
    </message>
    <message>
        <source>Step %1 of %2 · %3 tokens/s</source>
        <translation>第 %1 / %2 步 · 每秒 %3 个词元</translation>
    </message>
    <message>
        <source>Run %1 completed after %2 steps.</source>
        <translation>运行 %1 已完成，共 %2 步。</translation>
    </message>
    <message>
        <source>Run %1 stopped at step %2; its checkpoint can be resumed.</source>
        <translation>运行 %1 停止于第 %2 步，可从其检查点继续。</translation>
    </message>
    <message>
        <source>Run %1 diverged: %2</source>
        <translation>运行 %1 发散：%2</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <source>Validation accuracy %1, macro F1 %2.</source>
        <translation>验证准确率 %1，宏平均 F1 %2。</translation>
    </message>
    <message>
        <source>Validation perplexity %1.</source>
        <translation>验证困惑度 %1。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已结束。</translation>
    </message>
</context>
</TS>
