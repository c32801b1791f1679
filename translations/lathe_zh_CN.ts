<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Checkpoint</name>
    <message>
        <source>the checkpoint file is missing</source>
        <translation>检查点文件不存在</translation>
    </message>
    <message>
        <source>Was the run&apos;s folder moved or deleted?</source>
        <translation>运行的文件夹是否被移动或删除了？</translation>
    </message>
    <message>
        <source>the file is not a complete checkpoint (it is truncated, or not a checkpoint at all)</source>
        <translation>该文件不是完整的检查点（已被截断，或根本不是检查点）</translation>
    </message>
    <message>
        <source>Resume from an earlier checkpoint, or train the run again</source>
        <translation>请从更早的检查点继续，或重新训练该运行</translation>
    </message>
    <message>
        <source>the file is a LibTorch archive but not a Lathe checkpoint (it has no lathe.format entry)</source>
        <translation>该文件是 LibTorch 归档，但不是 Lathe 检查点（没有 lathe.format 条目）</translation>
    </message>
    <message>
        <source>Open a checkpoint Lathe saved</source>
        <translation>请打开 Lathe 保存的检查点</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s settings are unreadable (corrupt)</source>
        <translation>检查点中的设置无法读取（已损坏）</translation>
    </message>
    <message>
        <source>Train the run again</source>
        <translation>请重新训练该运行</translation>
    </message>
    <message>
        <source>the checkpoint was written by a newer Lathe (format %1; this build reads %2)</source>
        <translation>该检查点由更新版本的 Lathe 写入（格式 %1；本版本可读取 %2）</translation>
    </message>
    <message>
        <source>Upgrade Lathe to read it</source>
        <translation>请升级 Lathe 后再读取</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s tokenizer is unreadable (corrupt)</source>
        <translation>检查点中的分词器无法读取（已损坏）</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s tokenizer has %1 tokens but its model&apos;s embedding only %2: the two do not belong together</source>
        <translation>检查点的分词器有 %1 个词元，而其模型的嵌入只有 %2 个：两者不匹配</translation>
    </message>
    <message>
        <source>this checkpoint was saved by run %1, not run %2: it was copied here from another run&apos;s folder</source>
        <translation>该检查点由运行 %1 保存，而不是运行 %2：它是从另一个运行的文件夹复制过来的</translation>
    </message>
    <message>
        <source>Put run %1&apos;s own checkpoint back, or open run %2</source>
        <translation>请放回运行 %1 自己的检查点，或打开运行 %2</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s weights do not match the model its settings describe (corrupt, or edited)</source>
        <translation>检查点中的权重与其设置描述的模型不符（已损坏或被编辑）</translation>
    </message>
    <message>
        <source>the checkpoint is damaged: its entry %1 does not match its checksum</source>
        <translation>检查点已损坏：其中的条目 %1 与其校验和不符</translation>
    </message>
    <message>
        <source>the checkpoint is damaged: its entry %1 declares more data than it holds</source>
        <translation>检查点已损坏：其中的条目 %1 声明的数据多于其实际所含</translation>
    </message>
    <message>
        <source>the checkpoint is damaged: its entry %1 declares %2 bytes, more than it can hold</source>
        <translation>检查点已损坏：其中的条目 %1 声明有 %2 字节，超出其所能容纳</translation>
    </message>
    <message>
        <source>the checkpoint is damaged: its entry %1 declares %2 bytes but holds %3</source>
        <translation>检查点已损坏：其中的条目 %1 声明有 %2 字节，实际只有 %3 字节</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s target tokenizer has %1 tokens but its model&apos;s target embedding %2: the two do not belong together</source>
        <translation>检查点的目标分词器有 %1 个词元，而其模型的目标嵌入为 %2：两者不匹配</translation>
    </message>
</context>
<context>
    <name>Compress</name>
    <message>
        <source>a budget of %1 weight parameters is below the smallest factorization (rank 1 everywhere: %2)</source>
        <translation>%1 个权重参数的预算低于最小的分解（各处秩为 1：%2）</translation>
    </message>
    <message>
        <source>a budget of %1 weight parameters is below the smallest measured ranks of every layer</source>
        <translation>%1 个权重参数的预算低于每一层实测的最小秩</translation>
    </message>
    <message>
        <source>its labels are no longer the ones this run was trained on</source>
        <translation>其标签已不是该运行训练时的标签</translation>
    </message>
    <message>
        <source>Restore the file the run was trained on, or train a new run on this one.</source>
        <translation>请恢复该运行训练所用的文件，或在此文件上训练新的运行。</translation>
    </message>
    <message>
        <source>the run&apos;s validation split is empty</source>
        <translation>该运行的验证集为空</translation>
    </message>
    <message>
        <source>Train the run on more examples.</source>
        <translation>请用更多样本训练该运行。</translation>
    </message>
    <message>
        <source>give one of ranks, budgets or retained-energy fractions</source>
        <translation>请给出秩、预算或保留能量比例中的一种</translation>
    </message>
    <message>
        <source>rank %1 must be positive</source>
        <translation>秩 %1 必须为正数</translation>
    </message>
    <message>
        <source>budget %1 must be a fraction in (0, 1]</source>
        <translation>预算 %1 必须是 (0, 1] 之间的比例</translation>
    </message>
    <message>
        <source>retained energy %1 must be a fraction in (0, 1]</source>
        <translation>保留能量 %1 必须是 (0, 1] 之间的比例</translation>
    </message>
    <message>
        <source>layer mode takes ranks, not budgets or energies</source>
        <translation>逐层模式接受秩，而不是预算或能量</translation>
    </message>
    <message>
        <source>budget %1 is below rank 1 in every layer</source>
        <translation>预算 %1 低于每一层秩为 1 的大小</translation>
    </message>
    <message>
        <source>there is no run %1 in %2</source>
        <translation>%2 中没有运行 %1</translation>
    </message>
    <message>
        <source>there is no sweep point %1 in %2</source>
        <translation>%2 中没有扫描点 %1</translation>
    </message>
    <message>
        <source>the sweep of point %1 is gone from %2</source>
        <translation>扫描点 %1 所属的扫描已不在 %2 中</translation>
    </message>
    <message>
        <source>sweep mode &apos;%1&apos; is unknown (use layer, uniform, global or measured)</source>
        <translation>未知的扫描模式“%1”（请用 layer、uniform、global 或 measured）</translation>
    </message>
</context>
<context>
    <name>Data</name>
    <message>
        <source>no column named &apos;%1&apos; (the header has: %2)</source>
        <translation>没有名为“%1”的列（表头中有：%2）</translation>
    </message>
    <message>
        <source>Choose the text column by name (--text-column)</source>
        <translation>请按名称选择文本列（--text-column）</translation>
    </message>
    <message>
        <source>Choose the label column by name (--label-column)</source>
        <translation>请按名称选择标签列（--label-column）</translation>
    </message>
    <message>
        <source>this row has %1 fields but the header has %2</source>
        <translation>该行有 %1 个字段，但表头有 %2 个</translation>
    </message>
    <message>
        <source>Quote fields that contain the delimiter or a line break, and check for a missing field</source>
        <translation>请给包含分隔符或换行的字段加引号，并检查是否缺少字段</translation>
    </message>
    <message>
        <source>the label is empty</source>
        <translation>标签为空</translation>
    </message>
    <message>
        <source>Give every row a label, or remove the row</source>
        <translation>请为每一行提供标签，或删除该行</translation>
    </message>
    <message>
        <source>cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Check that it exists and is readable</source>
        <translation>请检查它是否存在且可读</translation>
    </message>
    <message>
        <source>invalid UTF-8 byte 0x%1</source>
        <translation>无效的 UTF-8 字节 0x%1</translation>
    </message>
    <message>
        <source>Save the file as UTF-8 (for example: iconv -f LATIN1 -t UTF-8), or choose &apos;replace invalid characters&apos; (--replace-invalid-utf8)</source>
        <translation>请将文件保存为 UTF-8（例如：iconv -f LATIN1 -t UTF-8），或选择“替换无效字符”（--replace-invalid-utf8）</translation>
    </message>
    <message>
        <source>malformed quoting (%1)</source>
        <translation>引号格式错误（%1）</translation>
    </message>
    <message>
        <source>A quote inside a quoted field must be doubled (&quot;&quot;), and a quoted field must end with a quote</source>
        <translation>带引号字段中的引号必须写两次（&quot;&quot;），且带引号的字段必须以引号结尾</translation>
    </message>
    <message>
        <source>a quoted field is never closed (unterminated quote)</source>
        <translation>带引号的字段没有结束（引号未闭合）</translation>
    </message>
    <message>
        <source>Add the closing quote; a field that contains line breaks must be quoted at both ends</source>
        <translation>请补上结束引号；包含换行的字段两端都必须有引号</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>A CSV/TSV file needs a header row and at least one data row</source>
        <translation>CSV/TSV 文件需要一行表头和至少一行数据</translation>
    </message>
    <message>
        <source>%1:%2: %3</source>
        <translation>%1:%2：%3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 (byte offset %2)</source>
        <translation>%1（字节偏移 %2）</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1。%2</translation>
    </message>
    <message>
        <source>the file is UTF-16 encoded, Lathe reads UTF-8</source>
        <translation>该文件是 UTF-16 编码，Lathe 读取 UTF-8</translation>
    </message>
    <message>
        <source>Convert it first, for example: iconv -f UTF-16 -t UTF-8 in &gt; out</source>
        <translation>请先转换，例如：iconv -f UTF-16 -t UTF-8 in &gt; out</translation>
    </message>
    <message>
        <source>this looks like a binary file (it contains a NUL byte), not text</source>
        <translation>这看起来是二进制文件（含有 NUL 字节），而不是文本</translation>
    </message>
    <message>
        <source>Choose a CSV, TSV, JSON Lines or plain-text file</source>
        <translation>请选择 CSV、TSV、JSON Lines 或纯文本文件</translation>
    </message>
    <message>
        <source>no examples found (the file is empty or has only a header)</source>
        <translation>没有找到样本（文件为空或只有表头）</translation>
    </message>
    <message>
        <source>Add rows of text and label, or choose another file</source>
        <translation>请添加文本和标签的行，或选择其他文件</translation>
    </message>
    <message>
        <source>every example has the label &apos;%1&apos;; a classifier needs at least two classes</source>
        <translation>所有样本的标签都是 &apos;%1&apos;；分类器至少需要两个类别</translation>
    </message>
    <message>
        <source>Check that the label column is the right one (--label-column)</source>
        <translation>请检查标签列是否选对（--label-column）</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>没有这个文件或文件夹</translation>
    </message>
    <message>
        <source>Check the path</source>
        <translation>请检查路径</translation>
    </message>
    <message>
        <source>is a folder</source>
        <translation>是一个文件夹</translation>
    </message>
    <message>
        <source>Use --format folder for a folder-per-class tree</source>
        <translation>每类一个子文件夹的目录请用 --format folder</translation>
    </message>
    <message>
        <source>is a file, not a folder of class subfolders</source>
        <translation>是一个文件，而不是包含类别子文件夹的文件夹</translation>
    </message>
    <message>
        <source>Choose the folder or another format</source>
        <translation>请选择该文件夹，或换一种格式</translation>
    </message>
    <message>
        <source>a plain-text corpus has no labels, so it cannot train a classifier</source>
        <translation>纯文本语料没有标签，因此不能训练分类器</translation>
    </message>
    <message>
        <source>Use a language model (--model gpt or lstm), or a CSV/TSV/JSONL file with a label column</source>
        <translation>请使用语言模型（--model gpt 或 lstm），或带标签列的 CSV/TSV/JSONL 文件</translation>
    </message>
    <message>
        <source>has no class subfolders</source>
        <translation>没有类别子文件夹</translation>
    </message>
    <message>
        <source>Lay the data out as &lt;folder&gt;/&lt;label&gt;/&lt;example&gt;.txt, one subfolder per class</source>
        <translation>请按 &lt;文件夹&gt;/&lt;标签&gt;/&lt;样本&gt;.txt 组织数据，每个类别一个子文件夹</translation>
    </message>
    <message>
        <source>its class subfolders contain no .txt files</source>
        <translation>其类别子文件夹中没有 .txt 文件</translation>
    </message>
    <message>
        <source>Put one example per .txt file inside &lt;folder&gt;/&lt;label&gt;/</source>
        <translation>请在 &lt;文件夹&gt;/&lt;标签&gt;/ 中每个 .txt 文件放一个样本</translation>
    </message>
    <message>
        <source>not valid JSON (%1)</source>
        <translation>不是有效的 JSON（%1）</translation>
    </message>
    <message>
        <source>Each line must be one JSON object, such as {&quot;text&quot;: &quot;...&quot;, &quot;label&quot;: &quot;...&quot;}</source>
        <translation>每一行必须是一个 JSON 对象，例如 {&quot;text&quot;: &quot;...&quot;, &quot;label&quot;: &quot;...&quot;}</translation>
    </message>
    <message>
        <source>this line is JSON but not an object</source>
        <translation>这一行是 JSON，但不是对象</translation>
    </message>
    <message>
        <source>no string field &apos;%1&apos;</source>
        <translation>没有字符串字段“%1”</translation>
    </message>
    <message>
        <source>Choose the text field by name (--text-column)</source>
        <translation>请按名称选择文本字段（--text-column）</translation>
    </message>
    <message>
        <source>no string or integer field &apos;%1&apos;</source>
        <translation>没有字符串或整数字段“%1”</translation>
    </message>
    <message>
        <source>Choose the label field by name (--label-column)</source>
        <translation>请按名称选择标签字段（--label-column）</translation>
    </message>
    <message>
        <source>Choose the source column by name (--source-column)</source>
        <translation>按名称选择源列（--source-column）</translation>
    </message>
    <message>
        <source>Choose the target column by name (--target-column)</source>
        <translation>按名称选择目标列（--target-column）</translation>
    </message>
    <message>
        <source>the %1 side of this pair is empty</source>
        <translation>这一对的 %1 一侧为空</translation>
    </message>
    <message>
        <source>Give every row a source and a target, or remove the row</source>
        <translation>为每一行提供源文本和目标文本，或删除该行</translation>
    </message>
    <message>
        <source>parallel pairs need a source and a target column</source>
        <translation>平行语料对需要源列和目标列</translation>
    </message>
    <message>
        <source>Use a CSV, TSV or JSON Lines file with both columns (--source-column, --target-column)</source>
        <translation>请使用同时包含这两列的 CSV、TSV 或 JSON Lines 文件（--source-column、--target-column）</translation>
    </message>
    <message>
        <source>Choose the source field by name (--source-column)</source>
        <translation>按名称选择源字段（--source-column）</translation>
    </message>
    <message>
        <source>Choose the target field by name (--target-column)</source>
        <translation>按名称选择目标字段（--target-column）</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>是一个文件夹，不是文件</translation>
    </message>
    <message>
        <source>Choose a text file with one sequence per line</source>
        <translation>请选择每行一个序列的文本文件</translation>
    </message>
    <message>
        <source>the source and the target are both the column &apos;%1&apos;</source>
        <translation>源和目标都是列“%1”</translation>
    </message>
    <message>
        <source>Choose two different columns (--source-column, --target-column)</source>
        <translation>请选择两个不同的列（--source-column、--target-column）</translation>
    </message>
    <message>
        <source>the header row is longer than 64 KiB or has no line break</source>
        <translation>表头行超过 64 KiB 或没有换行符</translation>
    </message>
    <message>
        <source>End the header row with a line break</source>
        <translation>请以换行符结束表头行</translation>
    </message>
    <message>
        <source>a plain-text file has no labels, so it cannot train a classifier</source>
        <translation>纯文本文件没有标签，无法训练分类器</translation>
    </message>
    <message>
        <source>Add CSV/TSV/JSONL files with a label column to the folder</source>
        <translation>请向文件夹中添加带标签列的 CSV/TSV/JSONL 文件</translation>
    </message>
    <message>
        <source>the followed file cannot be read any more (%1)</source>
        <translation>跟随的文件已无法读取（%1）</translation>
    </message>
    <message>
        <source>Put the file back, then resume the run</source>
        <translation>请放回该文件，然后继续该运行</translation>
    </message>
    <message>
        <source>the followed file shrank from %1 to %2 bytes: it was truncated or replaced</source>
        <translation>跟随的文件从 %1 字节缩小到 %2 字节：它被截断或替换了</translation>
    </message>
    <message>
        <source>Append to a followed file; to learn from new contents, start a new run on it</source>
        <translation>请向跟随的文件追加内容；要学习新内容，请在其上开始新的运行</translation>
    </message>
    <message>
        <source>the followed folder cannot be read (%1)</source>
        <translation>跟随的文件夹无法读取（%1）</translation>
    </message>
    <message>
        <source>Check that it exists and is readable, then resume the run</source>
        <translation>请检查它是否存在且可读，然后继续该运行</translation>
    </message>
</context>
<context>
    <name>Inspect</name>
    <message>
        <source>this run is an LSTM; attention maps need a Transformer or GPT run</source>
        <translation>该运行是 LSTM；注意力图需要 Transformer 或 GPT 运行</translation>
    </message>
    <message>
        <source>predictions of a classifier need one label per text</source>
        <translation>分类器的预测需要每条文本一个标签</translation>
    </message>
    <message>
        <source>t-SNE needs at least 4 points; there are %1</source>
        <translation>t-SNE 至少需要 4 个点；现在有 %1 个</translation>
    </message>
    <message>
        <source>perplexity %1 does not fit %2 points: choose between 1 and %3</source>
        <translation>困惑度 %1 不适合 %2 个点：请在 1 到 %3 之间选择</translation>
    </message>
    <message>
        <source>t-SNE needs at least one iteration</source>
        <translation>t-SNE 至少需要一次迭代</translation>
    </message>
    <message>
        <source>cannot open the word-vector file</source>
        <translation>无法打开词向量文件</translation>
    </message>
    <message>
        <source>Check that it exists and is readable</source>
        <translation>请检查它是否存在且可读</translation>
    </message>
    <message>
        <source>invalid UTF-8 at byte %1 of the line</source>
        <translation>该行第 %1 个字节处的 UTF-8 无效</translation>
    </message>
    <message>
        <source>Word-vector files must be UTF-8; convert it (e.g. iconv -f latin1 -t utf-8)</source>
        <translation>词向量文件必须是 UTF-8；请转换（例如 iconv -f latin1 -t utf-8）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no values</source>
        <translation>“%1”没有数值</translation>
    </message>
    <message>
        <source>Each line needs a word followed by its numbers, separated by spaces</source>
        <translation>每一行需要一个词，后跟以空格分隔的数值</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has %2 values, but %3 has %4</source>
        <translation>“%1”有 %2 个数值，但%3有 %4 个</translation>
    </message>
    <message>
        <source>the first vector</source>
        <translation>第一个向量</translation>
    </message>
    <message>
        <source>the header</source>
        <translation>文件头</translation>
    </message>
    <message>
        <source>Every vector must have the same length; the line may be cut off or the word contain a space</source>
        <translation>所有向量的长度必须相同；该行可能被截断，或词中含有空格</translation>
    </message>
    <message>
        <source>value %1 of &apos;%2&apos; is &apos;%3&apos;, not a number</source>
        <translation>“%2”的第 %1 个值是“%3”，不是数字</translation>
    </message>
    <message>
        <source>Values are decimal numbers such as 0.418 or -1.2e-3</source>
        <translation>数值应为十进制数，例如 0.418 或 -1.2e-3</translation>
    </message>
    <message>
        <source>the file holds no word vectors</source>
        <translation>该文件中没有词向量</translation>
    </message>
    <message>
        <source>Expected lines like &apos;the 0.418 0.24968 -0.41242 ...&apos; (GloVe or word2vec text format)</source>
        <translation>应为形如“the 0.418 0.24968 -0.41242 ...”的行（GloVe 或 word2vec 文本格式）</translation>
    </message>
    <message>
        <source>label &apos;%1&apos; was never seen by this run</source>
        <translation>该运行从未见过标签“%1”</translation>
    </message>
    <message>
        <source>The run knows these labels: %1</source>
        <translation>该运行认识这些标签：%1</translation>
    </message>
    <message>
        <source>this run is a classifier; text generation needs a language-model run (gpt or lstm)</source>
        <translation>该运行是分类器；生成文本需要语言模型运行（gpt 或 lstm）</translation>
    </message>
    <message>
        <source>this run is a masked language model: it fills in hidden tokens and does not continue text; generation needs a gpt or lstm run</source>
        <translation>此运行是掩码语言模型：它补全被遮盖的词元，不会续写文本；生成需要 gpt 或 lstm 运行</translation>
    </message>
    <message>
        <source>this run is an encoder–decoder: score its outputs with lathe-cli eval, or decode sources in the Live panel&apos;s Translate box</source>
        <translation>该运行是编码器–解码器：请用 lathe-cli eval 评估其输出，或在“实时”面板的“翻译”框中解码源文本</translation>
    </message>
    <message>
        <source>this run is an encoder–decoder: it writes a target for a source (Translate, or lathe-cli translate), not a continuation</source>
        <translation>该运行是编码器–解码器：它为源文本写出目标（“翻译”框或 lathe-cli translate），而不是续写文本</translation>
    </message>
    <message>
        <source>this run is not an encoder–decoder; translation needs a seq2seq or lstm-seq2seq run</source>
        <translation>该运行不是编码器–解码器；翻译需要 seq2seq 或 lstm-seq2seq 运行</translation>
    </message>
    <message>
        <source>this run is not an encoder–decoder; its predictions need labels, not targets</source>
        <translation>该运行不是编码器–解码器；它的预测需要标签，而不是目标</translation>
    </message>
    <message>
        <source>predictions of an encoder–decoder need one target per source</source>
        <translation>编码器–解码器的预测需要每个源文本一个目标</translation>
    </message>
    <message>
        <source>the LSTM encoder–decoder has no self-attention: its attention is the decoder&apos;s over the source (cross-attention)</source>
        <translation>LSTM 编码器–解码器没有自注意力：它的注意力是解码器对源文本的注意力（交叉注意力）</translation>
    </message>
    <message>
        <source>decoder and cross-attention belong to encoder–decoder runs</source>
        <translation>解码器注意力和交叉注意力只属于编码器–解码器运行</translation>
    </message>
</context>
<context>
    <name>Model</name>
    <message>
        <source>the model does not fit in memory: training it needs about %1 (%2 parameters: %3 for weights and gradients, %4 for the %5 state; %6 of activations for a batch of %7 × %8 tokens), and this machine has %9 available. Lower the width, layers, feed-forward size, sequence length or batch size</source>
        <translation>模型放不进内存：训练它大约需要 %1（%2 个参数：权重和梯度 %3，%5 状态 %4；%7 × %8 个词元的批次激活 %6），而本机可用 %9。请减小宽度、层数、前馈大小、序列长度或批大小</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 word vectors of %2 dimensions from %3</source>
        <translation>%1 个 %2 维词向量，来自 %3</translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation>统一</translation>
    </message>
    <message>
        <source>Global</source>
        <translation>全局</translation>
    </message>
    <message>
        <source>One layer</source>
        <translation>单层</translation>
    </message>
    <message>
        <source>Unfactorized</source>
        <translation>未分解</translation>
    </message>
    <message>
        <source>%1 at rank %2</source>
        <translation>%1,秩 %2</translation>
    </message>
    <message>
        <source>rank %1 (fits %2% budget)</source>
        <translation>秩 %1(符合 %2% 预算)</translation>
    </message>
    <message>
        <source>rank %1</source>
        <translation>秩 %1</translation>
    </message>
    <message>
        <source>%1% of Linear weights</source>
        <translation>线性层权重的 %1%</translation>
    </message>
    <message>
        <source>dense</source>
        <translation>稠密</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>能量</translation>
    </message>
    <message>
        <source>%1% energy per layer</source>
        <translation>每层保留 %1% 能量</translation>
    </message>
    <message>
        <source>posterior means of %1 validation sentences in %2 latent dimensions</source>
        <translation>%1 个验证句子在 %2 维潜空间中的后验均值</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>%1: not valid JSON: %2</source>
        <translation>%1：不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>%1: a run configuration must be a JSON object</source>
        <translation>%1：运行配置必须是 JSON 对象</translation>
    </message>
    <message>
        <source>%1: unknown setting &apos;%2.%3&apos;</source>
        <translation>%1：未知的设置“%2.%3”</translation>
    </message>
    <message>
        <source>%1: a setting has the wrong type: %2</source>
        <translation>%1：某个设置的类型错误：%2</translation>
    </message>
    <message>
        <source>width %1 must be a positive multiple of the head count %2</source>
        <translation>宽度 %1 必须是头数 %2 的正整数倍</translation>
    </message>
    <message>
        <source>width, layers, feed-forward and hidden sizes must be positive</source>
        <translation>宽度、层数、前馈大小和隐藏大小必须为正数</translation>
    </message>
    <message>
        <source>the sequence length must be at least 2</source>
        <translation>序列长度至少为 2</translation>
    </message>
    <message>
        <source>dropout must be in [0, 1)</source>
        <translation>dropout 必须在 [0, 1) 之内</translation>
    </message>
    <message>
        <source>pooling must be mean or first</source>
        <translation>池化必须是 mean 或 first</translation>
    </message>
    <message>
        <source>the word-vector file %1 does not exist</source>
        <translation>词向量文件 %1 不存在</translation>
    </message>
    <message>
        <source>the low rank must be 0 (dense) or positive</source>
        <translation>低秩必须为 0（稠密）或正数</translation>
    </message>
    <message>
        <source>the rank of layer %1 must be 0 (dense) or positive</source>
        <translation>层 %1 的秩必须为 0（稠密）或正数</translation>
    </message>
    <message>
        <source>sharing blocks across layers needs a Transformer or GPT model</source>
        <translation>跨层共享块需要 Transformer 或 GPT 模型</translation>
    </message>
    <message>
        <source>the embedding size must be 0 (the width) or positive</source>
        <translation>嵌入大小必须为 0（即宽度）或正数</translation>
    </message>
    <message>
        <source>factorized embeddings need a Transformer or GPT model (an LSTM&apos;s embedding size is its width)</source>
        <translation>分解嵌入需要 Transformer 或 GPT 模型（LSTM 的嵌入大小就是其宽度）</translation>
    </message>
    <message>
        <source>tied embeddings need the embedding size to equal the width (or 0)</source>
        <translation>绑定嵌入要求嵌入大小等于宽度（或为 0）</translation>
    </message>
    <message>
        <source>tied embeddings need the LSTM hidden size (%1) to equal the width (%2)</source>
        <translation>绑定嵌入要求 LSTM 隐藏大小（%1）等于宽度（%2）</translation>
    </message>
    <message>
        <source>optimizer &apos;%1&apos; is unknown (use adamw, adam or sgd)</source>
        <translation>未知的优化器“%1”（请用 adamw、adam 或 sgd）</translation>
    </message>
    <message>
        <source>the learning rate must be positive</source>
        <translation>学习率必须为正数</translation>
    </message>
    <message>
        <source>the batch size must be positive</source>
        <translation>批大小必须为正数</translation>
    </message>
    <message>
        <source>give a positive number of epochs or steps</source>
        <translation>请给出正数的轮数或步数</translation>
    </message>
    <message>
        <source>the evaluation interval must be positive</source>
        <translation>评估间隔必须为正数</translation>
    </message>
    <message>
        <source>the LoRA rank must be 0 (no adapters) or positive</source>
        <translation>LoRA 秩必须为 0（无适配器）或正数</translation>
    </message>
    <message>
        <source>the LoRA alpha must be positive</source>
        <translation>LoRA alpha 必须为正数</translation>
    </message>
    <message>
        <source>LoRA adapters need a Transformer or GPT model</source>
        <translation>LoRA 适配器需要 Transformer 或 GPT 模型</translation>
    </message>
    <message>
        <source>LoRA adapters fine-tune a trained run: choose the base run</source>
        <translation>LoRA 适配器用于微调已训练的运行：请选择基础运行</translation>
    </message>
    <message>
        <source>fine-tune a base run or distill from a teacher, not both at once</source>
        <translation>请微调基础运行或从教师蒸馏，不能同时进行</translation>
    </message>
    <message>
        <source>the teacher run must be a run ID (0: no distillation)</source>
        <translation>教师运行必须是运行 ID（0：不蒸馏）</translation>
    </message>
    <message>
        <source>the distillation weight alpha must be in [0, 1]</source>
        <translation>蒸馏权重 alpha 必须在 [0, 1] 之内</translation>
    </message>
    <message>
        <source>the distillation temperature must be positive</source>
        <translation>蒸馏温度必须为正数</translation>
    </message>
    <message>
        <source>early stopping watches val/loss, val/accuracy or val/macro_f1</source>
        <translation>提前停止可监视 val/loss、val/accuracy 或 val/macro_f1</translation>
    </message>
    <message>
        <source>precision &apos;%1&apos; is unknown (use auto, fp32 or bf16)</source>
        <translation>未知的精度“%1”（请用 auto、fp32 或 bf16）</translation>
    </message>
    <message>
        <source>tokenizer &apos;%1&apos; is unknown (use char, word, bpe or unigram)</source>
        <translation>未知的分词器“%1”（请用 char、word、bpe 或 unigram）</translation>
    </message>
    <message>
        <source>the vocabulary cap must be at least 8</source>
        <translation>词表上限至少为 8</translation>
    </message>
    <message>
        <source>the validation fraction must be positive and leave room for training</source>
        <translation>验证比例必须为正数，并为训练留出余量</translation>
    </message>
    <message>
        <source>%1: setting &apos;%2&apos; must be a whole number, not %3</source>
        <translation>%1：设置“%2”必须是整数，而不是 %3</translation>
    </message>
    <message>
        <source>%1: setting &apos;%2&apos; is %3, outside the range it can hold</source>
        <translation>%1：设置“%2”的值 %3 超出了它能容纳的范围</translation>
    </message>
    <message>
        <source>the n-gram bucket count must be positive</source>
        <translation>n-gram 桶数必须为正数</translation>
    </message>
    <message>
        <source>word n-grams must be between 1 (tokens only) and 5</source>
        <translation>词 n-gram 须在 1（仅词元）到 5 之间</translation>
    </message>
    <message>
        <source>character n-grams must run from a length of at least 1 to at most 8 (or be off)</source>
        <translation>字符 n-gram 的长度须在 1 到 8 之间（或关闭）</translation>
    </message>
    <message>
        <source>a classifier with causal attention pools by mean: its first token sees only itself</source>
        <translation>使用因果注意力的分类器按平均池化：它的第一个词元只看得到自己</translation>
    </message>
    <message>
        <source>schedule &apos;%1&apos; is unknown (use cosine, linear, constant or slanted)</source>
        <translation>未知学习率调度“%1”（请用 cosine、linear、constant 或 slanted）</translation>
    </message>
    <message>
        <source>the layer learning-rate decay must be between 1 (one rate for all layers) and 100</source>
        <translation>逐层学习率衰减须在 1（所有层同一学习率）到 100 之间</translation>
    </message>
    <message>
        <source>gradual unfreezing takes a positive step interval (0: off)</source>
        <translation>逐步解冻需要正的步数间隔（0：关闭）</translation>
    </message>
    <message>
        <source>gradual unfreezing and LoRA adapters exclude each other: adapters keep the base frozen</source>
        <translation>逐步解冻与 LoRA 适配器不能同时使用：适配器让基础模型保持冻结</translation>
    </message>
    <message>
        <source>the training-example limit must be 0 (all) or positive</source>
        <translation>训练样本数上限须为 0（全部）或正数</translation>
    </message>
    <message>
        <source>model &apos;%1&apos; is unknown (use transformer, gpt, mlm, bilstm, lstm, fasttext, seq2seq or lstm-seq2seq)</source>
        <translation>未知的模型“%1”（请用 transformer、gpt、mlm、bilstm、lstm、fasttext、seq2seq 或 lstm-seq2seq）</translation>
    </message>
    <message>
        <source>an encoder–decoder reads a source and a target column: give the target column (--target-column), different from the source column (--source-column)</source>
        <translation>编码器–解码器读取源列和目标列：请给出目标列（--target-column），且与源列（--source-column）不同</translation>
    </message>
    <message>
        <source>label smoothing must be in [0, 1)</source>
        <translation>标签平滑必须在 [0, 1) 之间</translation>
    </message>
    <message>
        <source>the beam size must be between 1 (greedy) and 64</source>
        <translation>束宽必须在 1（贪心）到 64 之间</translation>
    </message>
    <message>
        <source>tied input/output embeddings need a language model (GPT, masked LM or LSTM) or an encoder–decoder</source>
        <translation>绑定输入/输出嵌入需要语言模型（GPT、掩码语言模型或 LSTM）或编码器–解码器</translation>
    </message>
    <message>
        <source>%1: unknown section &apos;%2&apos; (known: name, data, tokenizer, targetTokenizer, model, train)</source>
        <translation>%1：未知的部分“%2”（已知：name、data、tokenizer、targetTokenizer、model、train）</translation>
    </message>
    <message>
        <source>a target tokenizer of its own needs an encoder–decoder (seq2seq, lstm-seq2seq)</source>
        <translation>单独的目标分词器需要编码器–解码器（seq2seq、lstm-seq2seq）</translation>
    </message>
    <message>
        <source>target tokenizer &apos;%1&apos; is unknown (use char, word, bpe or unigram, or none to share the source&apos;s)</source>
        <translation>未知的目标分词器“%1”（请用 char、word、bpe 或 unigram，或留空以共用源分词器）</translation>
    </message>
    <message>
        <source>the target vocabulary cap must be at least 8</source>
        <translation>目标词表上限至少为 8</translation>
    </message>
    <message>
        <source>early stopping of an encoder–decoder watches val/loss, val/token_accuracy, val/exact_match, val/token_error_rate, val/sequence_error_rate, val/cer, val/bleu or val/chrf</source>
        <translation>编码器–解码器的提前停止可监视 val/loss、val/token_accuracy、val/exact_match、val/token_error_rate、val/sequence_error_rate、val/cer、val/bleu 或 val/chrf</translation>
    </message>
    <message>
        <source>encoder–decoders do not take factorized embeddings or word vectors yet; low-rank layers, shared blocks, LoRA adapters and tied embeddings they do</source>
        <translation>编码器–解码器暂不支持分解嵌入或词向量；支持低秩层、共享块、LoRA 适配器和绑定嵌入</translation>
    </message>
    <message>
        <source>the weight decay must be zero or positive</source>
        <translation>权重衰减必须为零或正数</translation>
    </message>
    <message>
        <source>a from-scratch control takes its architecture and tokenizer from a base run: choose the base run</source>
        <translation>从头训练的对照运行从基础运行获取架构和分词器：请选择基础运行</translation>
    </message>
    <message>
        <source>LoRA adapters train on a base&apos;s weights, and a from-scratch control has none: set the LoRA rank to 0</source>
        <translation>LoRA 适配器在基础运行的权重上训练，而从头训练的对照运行没有这些权重：请将 LoRA 秩设为 0</translation>
    </message>
    <message>
        <source>following a growing corpus trains classifiers and language models, not encoder–decoders</source>
        <translation>跟随增长的语料只能训练分类器和语言模型，不能训练编码器–解码器</translation>
    </message>
    <message>
        <source>the replay share must be between 0 (only new examples) and 0.95</source>
        <translation>回放比例必须在 0（只用新样本）与 0.95 之间</translation>
    </message>
    <message>
        <source>the idle time that ends a followed run must be 0 (never) or positive seconds</source>
        <translation>结束跟随运行的空闲时间必须为 0（从不）或正的秒数</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>%1: cannot create the run&apos;s lock file</source>
        <translation>%1：无法创建运行的锁文件</translation>
    </message>
    <message>
        <source>%1: this run is being trained by another process right now</source>
        <translation>%1：另一个进程正在训练这个运行</translation>
    </message>
    <message>
        <source>%1: cannot open the experiment database: %2. Check the path and its permissions, or choose another with --db or LATHE_DB.</source>
        <translation>%1：无法打开实验数据库：%2。请检查路径及其权限，或用 --db 或 LATHE_DB 选择另一个数据库。</translation>
    </message>
    <message>
        <source>%1: this is not a readable experiment database (%2). It may be corrupted or another kind of file; it was left untouched. Move it aside, or choose another database with --db or LATHE_DB.</source>
        <translation>%1：这不是可读的实验数据库（%2）。它可能已损坏或是其他类型的文件；它未被改动。请将它移开，或用 --db 或 LATHE_DB 选择另一个数据库。</translation>
    </message>
    <message>
        <source>%1: this experiment database was written by a newer Lathe (schema version %2; this build reads up to %3). It was left untouched. Upgrade Lathe, or choose another database with --db or LATHE_DB.</source>
        <translation>%1：该实验数据库由更新版本的 Lathe 写入（模式版本 %2；本版本最多读取 %3）。它未被改动。请升级 Lathe，或用 --db 或 LATHE_DB 选择另一个数据库。</translation>
    </message>
    <message>
        <source>%1 (the disk is full, or the file reached its size limit)</source>
        <translation>%1（磁盘已满，或文件达到了大小上限）</translation>
    </message>
    <message>
        <source>%1: %2 failed: %3</source>
        <translation>%1：%2 失败：%3</translation>
    </message>
    <message>
        <source>the training process ended without finishing the run (killed or crashed); resume it from its last checkpoint</source>
        <translation>训练进程未完成该运行就结束了（被终止或崩溃）；请从其最后一个检查点继续</translation>
    </message>
    <message>
        <source>%1: a study named &apos;%2&apos; already exists. Give --resume to go on with it, or choose another --name.</source>
        <translation>%1：名为“%2”的研究已存在。请加 --resume 继续它，或换一个 --name。</translation>
    </message>
    <message>
        <source>study %1 is being run by another process right now (%2 is locked); stop that one first</source>
        <translation>研究 %1 正由另一个进程运行（%2 已被锁定）；请先停止那个进程</translation>
    </message>
</context>
<context>
    <name>Study</name>
    <message>
        <source>the %1 objective needs a float parameter &apos;%2&apos; in the search space</source>
        <translation>%1 目标函数需要搜索空间中有浮点参数“%2”</translation>
    </message>
    <message>
        <source>unknown objective &apos;%1&apos; (known: branin, hartmann6)</source>
        <translation>未知的目标函数“%1”（已知：branin、hartmann6）</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos;: a grid search needs a &apos;step&apos; or &apos;grid_points&apos; for a float</source>
        <translation>参数“%1”：网格搜索中的浮点参数需要“step”或“grid_points”</translation>
    </message>
    <message>
        <source>the grid has more than a million points: use fewer values</source>
        <translation>网格超过一百万个点：请减少取值</translation>
    </message>
    <message>
        <source>%1: parameter &apos;%2&apos;: %3</source>
        <translation>%1：参数“%2”：%3</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is missing</source>
        <translation>缺少“%1”</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a finite number, not %2</source>
        <translation>“%1”必须是有限的数，而不是 %2</translation>
    </message>
    <message>
        <source>its definition must be an object with a &quot;type&quot;</source>
        <translation>它的定义必须是带有“type”的对象</translation>
    </message>
    <message>
        <source>unknown key &apos;%1&apos; (known: type, low, high, log, step, grid_points, choices, when)</source>
        <translation>未知的键“%1”（已知：type、low、high、log、step、grid_points、choices、when）</translation>
    </message>
    <message>
        <source>&apos;log&apos; must be true or false</source>
        <translation>“log”必须是 true 或 false</translation>
    </message>
    <message>
        <source>an int parameter needs whole numbers for low and high</source>
        <translation>整数参数的 low 和 high 必须是整数</translation>
    </message>
    <message>
        <source>low (%1) must not be above high (%2)</source>
        <translation>low（%1）不能大于 high（%2）</translation>
    </message>
    <message>
        <source>a log scale needs low above 0 (it is %1)</source>
        <translation>对数尺度要求 low 大于 0（现在是 %1）</translation>
    </message>
    <message>
        <source>&apos;step&apos; and &apos;log&apos; cannot be used together</source>
        <translation>“step”和“log”不能同时使用</translation>
    </message>
    <message>
        <source>high (%1) is not low (%2) plus a whole number of steps (%3)</source>
        <translation>high（%1）不等于 low（%2）加上整数个步长（%3）</translation>
    </message>
    <message>
        <source>&apos;grid_points&apos; is a whole number from 2 for a float without a step</source>
        <translation>“grid_points”用于没有步长的浮点参数，是不小于 2 的整数</translation>
    </message>
    <message>
        <source>&apos;choices&apos; belongs to a categorical parameter</source>
        <translation>“choices”属于类别参数</translation>
    </message>
    <message>
        <source>&apos;choices&apos; must be a non-empty list</source>
        <translation>“choices”必须是非空列表</translation>
    </message>
    <message>
        <source>a choice must be a number, a string or true/false, not %1</source>
        <translation>选项必须是数字、字符串或 true/false，而不是 %1</translation>
    </message>
    <message>
        <source>the choice %1 is listed twice</source>
        <translation>选项 %1 出现了两次</translation>
    </message>
    <message>
        <source>&apos;%1&apos; belongs to a float or int parameter</source>
        <translation>“%1”属于浮点或整数参数</translation>
    </message>
    <message>
        <source>&quot;type&quot; must be &quot;float&quot;, &quot;int&quot; or &quot;categorical&quot;</source>
        <translation>“type”必须是“float”、“int”或“categorical”</translation>
    </message>
    <message>
        <source>&apos;when&apos; must name one setting and its values, for example {&quot;model&quot;: [&quot;transformer&quot;, &quot;gpt&quot;]}</source>
        <translation>“when”必须指定一个设置及其取值，例如 {&quot;model&quot;: [&quot;transformer&quot;, &quot;gpt&quot;]}</translation>
    </message>
    <message>
        <source>&apos;when&apos; lists no values</source>
        <translation>“when”没有列出任何取值</translation>
    </message>
    <message>
        <source>a parameter cannot depend on itself</source>
        <translation>参数不能依赖它自己</translation>
    </message>
    <message>
        <source>%1: not valid JSON: %2</source>
        <translation>%1：不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>%1: a search space must be a JSON object of parameters, for example {&quot;lr&quot;: {&quot;type&quot;: &quot;float&quot;, &quot;low&quot;: 0.0001, &quot;high&quot;: 0.01, &quot;log&quot;: true}}</source>
        <translation>%1：搜索空间必须是由参数组成的 JSON 对象，例如 {&quot;lr&quot;: {&quot;type&quot;: &quot;float&quot;, &quot;low&quot;: 0.0001, &quot;high&quot;: 0.01, &quot;log&quot;: true}}</translation>
    </message>
    <message>
        <source>%1: the conditions of &apos;%2&apos; and &apos;%3&apos; depend on each other</source>
        <translation>%1：“%2”和“%3”的条件相互依赖</translation>
    </message>
    <message>
        <source>its condition names %1 = %2, a value &apos;%1&apos; never takes</source>
        <translation>它的条件是 %1 = %2，而“%1”不会取这个值</translation>
    </message>
    <message>
        <source>&apos;step&apos; must be a positive whole number</source>
        <translation>“step”必须是正整数</translation>
    </message>
    <message>
        <source>&apos;step&apos; must be a positive number</source>
        <translation>“step”必须是正数</translation>
    </message>
    <message>
        <source>unknown pruner &apos;%1&apos; (known: none, median, asha, hyperband)</source>
        <translation>未知的剪枝器“%1”（已知：none、median、asha、hyperband）</translation>
    </message>
    <message>
        <source>an int parameter&apos;s low and high must lie within ±2^53</source>
        <translation>整数参数的 low 和 high 必须在 ±2^53 之内</translation>
    </message>
    <message>
        <source>a study needs a name (--name)</source>
        <translation>研究需要一个名称（--name）</translation>
    </message>
    <message>
        <source>%1 is a classifier&apos;s metric, but a %2 model is a language model: use val/loss or val/perplexity</source>
        <translation>%1 是分类器的指标，但 %2 模型是语言模型：请用 val/loss 或 val/perplexity</translation>
    </message>
    <message>
        <source>val/perplexity is a language model&apos;s metric, but a %1 model is a classifier: use val/accuracy, val/macro_f1 or val/loss</source>
        <translation>val/perplexity 是语言模型的指标，但 %1 模型是分类器：请用 val/accuracy、val/macro_f1 或 val/loss</translation>
    </message>
    <message>
        <source>a study that trains needs a dataset (--data)</source>
        <translation>需要训练的研究需要一个数据集（--data）</translation>
    </message>
    <message>
        <source>no lathe-cli to run the trials with</source>
        <translation>找不到运行试验所用的 lathe-cli</translation>
    </message>
    <message>
        <source>unknown direction &apos;%1&apos; (maximize or minimize)</source>
        <translation>未知的方向“%1”（maximize 或 minimize）</translation>
    </message>
    <message>
        <source>--workers must be at least 1 (it is %1)</source>
        <translation>--workers 至少为 1（现在是 %1）</translation>
    </message>
    <message>
        <source>the trial count and the timeout cannot be negative</source>
        <translation>试验次数和超时不能为负数</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>已被用户停止</translation>
    </message>
    <message>
        <source>%1 trials failed in a row; the last said: %2</source>
        <translation>连续 %1 个试验失败；最后一个的原因：%2</translation>
    </message>
    <message>
        <source>not run again: the study ended before its turn came</source>
        <translation>未重新运行：研究在轮到它之前已结束</translation>
    </message>
    <message>
        <source>pruned at step %1</source>
        <translation>在第 %1 步被剪枝</translation>
    </message>
    <message>
        <source>stopped with the study at step %1</source>
        <translation>在第 %1 步随研究一起停止</translation>
    </message>
    <message>
        <source>the worker process was killed by signal %1 (see %2)</source>
        <translation>工作进程被信号 %1 终止（见 %2）</translation>
    </message>
    <message>
        <source>the worker process exited with code %1 before finishing (see %2)</source>
        <translation>工作进程在完成前以代码 %1 退出（见 %2）</translation>
    </message>
    <message>
        <source>%1: parameter &apos;%2&apos; is not a training setting. Use a lathe-cli train flag (%3) or a setting&apos;s path such as train.learningRate.</source>
        <translation>%1：参数“%2”不是训练设置。请使用 lathe-cli train 的选项（%3）或设置路径，例如 train.learningRate。</translation>
    </message>
    <message>
        <source>%1: parameter &apos;%2&apos; (%3) cannot vary between trials: it is fixed for the whole study. Give it as a flag of the study instead.</source>
        <translation>%1：参数“%2”（%3）不能在试验之间变化：它对整个研究是固定的。请改为作为研究的选项给出。</translation>
    </message>
    <message>
        <source>parameter &apos;%1&apos; is not a training setting</source>
        <translation>参数“%1”不是训练设置</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>the trial&apos;s run ended (status %1) without a value of %2</source>
        <translation>试验的运行已结束（状态 %1），但没有 %2 的值</translation>
    </message>
    <message>
        <source>unknown sampler &apos;%1&apos; (known: grid, random, sobol, tpe, tpe-multivariate, gp)</source>
        <translation>未知的采样器“%1”（已知：grid、random、sobol、tpe、tpe-multivariate、gp）</translation>
    </message>
    <message>
        <source>unknown metric &apos;%1&apos; (known: val/accuracy, val/loss, val/macro_f1, val/perplexity; an encoder–decoder&apos;s val/exact_match, val/token_accuracy, val/token_error_rate, val/sequence_error_rate, val/cer, val/bleu, val/chrf)</source>
        <translation>未知的指标“%1”（已知：val/accuracy、val/loss、val/macro_f1、val/perplexity；编码器–解码器的 val/exact_match、val/token_accuracy、val/token_error_rate、val/sequence_error_rate、val/cer、val/bleu、val/chrf）</translation>
    </message>
    <message>
        <source>%1 is a classifier&apos;s metric, but a %2 model is an encoder–decoder: use val/exact_match, val/token_error_rate, val/bleu, val/chrf or val/loss</source>
        <translation>%1 是分类器的指标，而 %2 模型是编码器–解码器：请使用 val/exact_match、val/token_error_rate、val/bleu、val/chrf 或 val/loss</translation>
    </message>
    <message>
        <source>%1 is an encoder–decoder&apos;s metric, but a %2 model is not one</source>
        <translation>%1 是编码器–解码器的指标，而 %2 模型不是编码器–解码器</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>the word vectors have %1 dimensions but the model&apos;s token embeddings have %2</source>
        <translation>词向量有 %1 维，但模型的词元嵌入有 %2 维</translation>
    </message>
    <message>
        <source>Set the model width (embedding size) to %1, or use vectors of size %2</source>
        <translation>请将模型宽度（嵌入大小）设为 %1，或使用 %2 维的向量</translation>
    </message>
    <message>
        <source>too few examples (%1) to make both a training and a validation split</source>
        <translation>样本太少（%1 个），无法同时划分训练集和验证集</translation>
    </message>
    <message>
        <source>Add more examples or lower the validation fraction</source>
        <translation>请添加更多样本或降低验证比例</translation>
    </message>
    <message>
        <source>the dataset&apos;s classes differ from the ones this run was trained on</source>
        <translation>数据集的类别与该运行训练时的不同</translation>
    </message>
    <message>
        <source>Resume with the run&apos;s original dataset</source>
        <translation>请用该运行原来的数据集继续</translation>
    </message>
    <message>
        <source>the dataset&apos;s classes differ from those of teacher run %1</source>
        <translation>数据集的类别与教师运行 %1 的不同</translation>
    </message>
    <message>
        <source>Distill on the dataset the teacher was trained on</source>
        <translation>请在教师训练所用的数据集上蒸馏</translation>
    </message>
    <message>
        <source>the dataset&apos;s classes differ from those of base run %1</source>
        <translation>数据集的类别与基础运行 %1 的不同</translation>
    </message>
    <message>
        <source>Fine-tune on data with the base run&apos;s classes</source>
        <translation>请在具有基础运行类别的数据上微调</translation>
    </message>
    <message>
        <source>there is no run %1 in %2</source>
        <translation>%2 中没有运行 %1</translation>
    </message>
    <message>
        <source>run %1 is still running</source>
        <translation>运行 %1 仍在进行中</translation>
    </message>
    <message>
        <source>language model</source>
        <translation>语言模型</translation>
    </message>
    <message>
        <source>classifier</source>
        <translation>分类器</translation>
    </message>
    <message>
        <source>there is no %1 run %2 in %3</source>
        <translation>%3 中没有%1运行 %2</translation>
    </message>
    <message>
        <source>%1 run %2 is still training</source>
        <translation>%1运行 %2 仍在训练</translation>
    </message>
    <message>
        <source>teacher</source>
        <translation>教师</translation>
    </message>
    <message>
        <source>the student&apos;s sequence length %1 is longer than teacher run %2&apos;s (%3); use at most %3</source>
        <translation>学生的序列长度 %1 超过了教师运行 %2 的（%3）；最多使用 %3</translation>
    </message>
    <message>
        <source>base</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>the experiment database could not be written (%1)</source>
        <translation>无法写入实验数据库（%1）</translation>
    </message>
    <message>
        <source>The checkpoint of step %1 is kept: free space, then resume run %2 (Resume in the Runs panel, or lathe-cli train --resume %2)</source>
        <translation>第 %1 步的检查点已保留：请释放空间，然后继续运行 %2（在“运行”面板中点“恢复”，或 lathe-cli train --resume %2）</translation>
    </message>
    <message>
        <source>No checkpoint was written yet: free space, then train the run again</source>
        <translation>尚未写入检查点：请释放空间，然后重新训练该运行</translation>
    </message>
    <message>
        <source>could not write the checkpoint (%1). Is the disk full? %2</source>
        <translation>无法写入检查点（%1）。磁盘是否已满？%2</translation>
    </message>
    <message>
        <source>stopped by the user at step %1</source>
        <translation>在第 %1 步被用户停止</translation>
    </message>
    <message>
        <source>training diverged at step %1: the loss became %2 (learning rate %3). Lower the learning rate, add warm-up steps, or keep gradient clipping on</source>
        <translation>训练在第 %1 步发散：损失变为 %2（学习率 %3）。请降低学习率、增加预热步数，或保持梯度裁剪开启</translation>
    </message>
    <message>
        <source>training diverged at step %1: the gradient norm became %2 (learning rate %3). Lower the learning rate or keep gradient clipping on</source>
        <translation>训练在第 %1 步发散：梯度范数变为 %2（学习率 %3）。请降低学习率或保持梯度裁剪开启</translation>
    </message>
    <message>
        <source>stopped early at step %1: %2 did not improve for %3 evaluations</source>
        <translation>在第 %1 步提前停止：%2 连续 %3 次评估没有改善</translation>
    </message>
    <message>
        <source>training stopped at step %1: %2. Is the disk full? %3</source>
        <translation>训练在第 %1 步停止：%2。磁盘是否已满？%3</translation>
    </message>
    <message>
        <source>training failed at step %1: %2</source>
        <translation>训练在第 %1 步失败：%2</translation>
    </message>
    <message>
        <source>a masked language model can be neither teacher nor student: distillation reads next-token or class outputs</source>
        <translation>掩码语言模型既不能当教师也不能当学生：蒸馏读取的是下一词元或类别输出</translation>
    </message>
    <message>
        <source>encoder–decoder</source>
        <translation>编码器–解码器</translation>
    </message>
    <message>
        <source>%1 run %2 is a %3, but this run trains a %4: both must be of one kind</source>
        <translation>%1运行 %2 是%3，而本运行训练的是%4：两者必须是同一类</translation>
    </message>
    <message>
        <source>base run %1 is a %2: an encoder–decoder fine-tunes from an encoder–decoder or takes a masked language model (mlm) as its encoder</source>
        <translation>基础运行 %1 是 %2：编码器–解码器只能从编码器–解码器微调，或把掩码语言模型（mlm）用作其编码器</translation>
    </message>
    <message>
        <source>holds %1 rows, fewer than the %2 the run had read before it stopped: it was truncated or replaced</source>
        <translation>只有 %1 行，少于运行停止前已读取的 %2 行：它被截断或替换了</translation>
    </message>
    <message>
        <source>Resume with the data the run followed, or start a new run on it</source>
        <translation>请用该运行跟随的数据继续，或在其上开始新的运行</translation>
    </message>
    <message>
        <source>a study&apos;s trials cannot follow their data</source>
        <translation>研究中的试验不能跟随数据</translation>
    </message>
    <message>
        <source>no new data arrived in %1 for %2 s: the run ends at step %3 (resume it to follow the data again)</source>
        <translation>%1 已 %2 秒没有新数据：运行在第 %3 步结束（继续该运行即可再次跟随数据）</translation>
    </message>
    <message>
        <source>the run had read this file, and it is gone</source>
        <translation>运行曾读取过这个文件，但它已不存在</translation>
    </message>
    <message>
        <source>its first %1 bytes are not the ones the run read: it was replaced or edited</source>
        <translation>它的前 %1 个字节与运行读取时不同：它被替换或编辑过</translation>
    </message>
</context>
<context>
    <name>Vae</name>
    <message>
        <source>the embedding and hidden sizes must be 1–4096 and the latent size 1–1024</source>
        <translation>嵌入和隐藏层大小必须在 1–4096 之间，潜变量维度在 1–1024 之间</translation>
    </message>
    <message>
        <source>sentences need at least 3 tokens (&lt;bos&gt;, a word, &lt;eos&gt;)</source>
        <translation>句子至少需要 3 个词元（&lt;bos&gt;、一个词、&lt;eos&gt;）</translation>
    </message>
    <message>
        <source>KL annealing &apos;%1&apos; is unknown (use linear, cyclical or none)</source>
        <translation>未知的 KL 退火方式“%1”（请用 linear、cyclical 或 none）</translation>
    </message>
    <message>
        <source>the annealing steps must be 0 or more and the cycles at least 1</source>
        <translation>退火步数必须不小于 0，周期数至少为 1</translation>
    </message>
    <message>
        <source>word dropout is a share between 0 and 1</source>
        <translation>词丢弃率是 0 到 1 之间的比例</translation>
    </message>
    <message>
        <source>free bits must be 0 (off) or positive</source>
        <translation>free bits 必须为 0（关闭）或正数</translation>
    </message>
    <message>
        <source>the importance samples must be between 1 and 10,000</source>
        <translation>重要性采样数必须在 1 到 10,000 之间</translation>
    </message>
    <message>
        <source>steps, batch size and evaluation interval must be at least 1</source>
        <translation>步数、批大小和评估间隔都至少为 1</translation>
    </message>
    <message>
        <source>the learning rate must be positive and the clipping norm 0 (off) or positive</source>
        <translation>学习率必须为正，裁剪范数为 0（关闭）或正数</translation>
    </message>
    <message>
        <source>the validation share must be between 0 and 1</source>
        <translation>验证集比例必须在 0 到 1 之间</translation>
    </message>
    <message>
        <source>the thread count must be 0 (every core) or positive</source>
        <translation>线程数必须为 0（所有核心）或正数</translation>
    </message>
    <message>
        <source>%1: the VAE checkpoint is missing (was the run&apos;s folder moved?)</source>
        <translation>%1：VAE 检查点不存在（运行的文件夹是否被移动了？）</translation>
    </message>
    <message>
        <source>%1: not a VAE checkpoint (it has no lathe.vae entry)</source>
        <translation>%1：不是 VAE 检查点（没有 lathe.vae 条目）</translation>
    </message>
    <message>
        <source>%1: the VAE checkpoint is damaged or cut short (%2); train the run again</source>
        <translation>%1：VAE 检查点已损坏或被截断（%2）；请重新训练该运行</translation>
    </message>
    <message>
        <source>there is no run %1 in %2</source>
        <translation>%2 中没有运行 %1</translation>
    </message>
    <message>
        <source>run %1 is a %2 run, not a text VAE</source>
        <translation>运行 %1 是 %2 运行，不是文本 VAE</translation>
    </message>
    <message>
        <source>run %1 has no checkpoint yet (one is written at each evaluation)</source>
        <translation>运行 %1 还没有检查点（每次评估时写入）</translation>
    </message>
    <message>
        <source>posterior collapse: the KL is %1 nats a sentence with %2 active latent units, so the decoder all but ignores z. Raise the word dropout (0.5), give free bits (0.1 a dimension), anneal cyclically or train longer</source>
        <translation>后验坍缩：每句 KL 为 %1 奈特，活跃潜变量单元 %2 个，解码器几乎忽略了 z。请提高词丢弃率（0.5）、设置 free bits（每维 0.1）、使用周期性退火或训练更久</translation>
    </message>
    <message>
        <source>%1: %2 sentences are too few to train and validate a VAE; give at least a few dozen</source>
        <translation>%1：%2 个句子太少，无法训练和验证 VAE；请至少提供几十个</translation>
    </message>
    <message>
        <source>the loss became %1 at step %2: lower the learning rate</source>
        <translation>损失在第 %2 步变为 %1：请降低学习率</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>已被用户停止</translation>
    </message>
</context>
<context>
    <name>Vectors</name>
    <message>
        <source>cannot open the word-vector file</source>
        <translation>无法打开词向量文件</translation>
    </message>
    <message>
        <source>Check that it exists and is readable</source>
        <translation>请检查文件是否存在且可读</translation>
    </message>
    <message>
        <source>the first line is not &apos;&lt;count&gt; &lt;dimension&gt;&apos; as word2vec&apos;s binary format starts</source>
        <translation>第一行不是 word2vec 二进制格式开头的“&lt;数量&gt; &lt;维度&gt;”</translation>
    </message>
    <message>
        <source>Give a word2vec binary file, or a text file with a name not ending in .bin</source>
        <translation>请提供 word2vec 二进制文件，或文件名不以 .bin 结尾的文本文件</translation>
    </message>
    <message>
        <source>the file ends inside vector %1 of the %2 its header announces</source>
        <translation>文件在其头部声明的 %2 个向量中的第 %1 个处结束</translation>
    </message>
    <message>
        <source>The file was cut short: write it again</source>
        <translation>文件被截断：请重新写出</translation>
    </message>
    <message>
        <source>word %1 is not valid UTF-8</source>
        <translation>第 %1 个词不是有效的 UTF-8</translation>
    </message>
    <message>
        <source>Is this a word2vec binary file?</source>
        <translation>这是 word2vec 二进制文件吗？</translation>
    </message>
    <message>
        <source>%1: no word occurs at least %2 times (%3 words in all): lower the minimum count or give more text</source>
        <translation>%1：没有词出现至少 %2 次（共 %3 个词）：请降低最小次数或提供更多文本</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>被用户停止</translation>
    </message>
    <message>
        <source>there is no run %1 in %2</source>
        <translation>%2 中没有运行 %1</translation>
    </message>
    <message>
        <source>run %1 has no word vectors (it is a %2 run, or it did not finish)</source>
        <translation>运行 %1 没有词向量（它是 %2 运行，或未完成）</translation>
    </message>
    <message>
        <source>the vector size must be between 1 and 4096</source>
        <translation>向量维度必须在 1 到 4096 之间</translation>
    </message>
    <message>
        <source>the window must be at least 1</source>
        <translation>窗口必须至少为 1</translation>
    </message>
    <message>
        <source>the number of negative samples must be between 1 and 64</source>
        <translation>负样本数必须在 1 到 64 之间</translation>
    </message>
    <message>
        <source>the minimum count must be at least 1</source>
        <translation>最小次数必须至少为 1</translation>
    </message>
    <message>
        <source>the subsampling threshold must be 0 (off) or positive</source>
        <translation>下采样阈值必须为 0（关闭）或正数</translation>
    </message>
    <message>
        <source>the rate must be positive and the final rate between 0 and it</source>
        <translation>学习率必须为正数，最终学习率在 0 与它之间</translation>
    </message>
    <message>
        <source>give at least one epoch</source>
        <translation>请至少给出一个轮次</translation>
    </message>
    <message>
        <source>tokens &apos;%1&apos; is unknown (use words or whitespace)</source>
        <translation>未知的分词方式“%1”（请使用 words 或 whitespace）</translation>
    </message>
    <message>
        <source>no word occurs at least %1 times: lower the minimum count or give more text</source>
        <translation>没有词出现至少 %1 次：请降低最小次数或提供更多文本</translation>
    </message>
    <message>
        <source>the header announces %1 vectors of %2 values, which a file of %3 bytes cannot hold</source>
        <translation>头部声明了 %1 个 %2 维向量，而 %3 字节的文件容纳不下</translation>
    </message>
    <message>
        <source>The file was cut short or is not word2vec&apos;s binary format</source>
        <translation>文件被截断，或不是 word2vec 的二进制格式</translation>
    </message>
    <message>
        <source>the thread count must be 0 (every core) or between 1 and 1024</source>
        <translation>线程数必须为 0（所有核心）或在 1 到 1024 之间</translation>
    </message>
    <message>
        <source>a pair line holds two words and a number (tabs, commas or spaces between them)</source>
        <translation>词对行应包含两个词和一个数（以制表符、逗号或空格分隔）</translation>
    </message>
    <message>
        <source>Give pairs in WordSim-353&apos;s layout: word1, word2, score</source>
        <translation>请按 WordSim-353 的格式给出词对：词1、词2、分数</translation>
    </message>
    <message>
        <source>the file holds no word pairs</source>
        <translation>文件中没有词对</translation>
    </message>
    <message>
        <source>an analogy line holds four words: a b c d (a is to b as c is to d)</source>
        <translation>类比行应包含四个词：a b c d（a 之于 b 如同 c 之于 d）</translation>
    </message>
    <message>
        <source>Give questions in questions-words.txt&apos;s layout, sections opened by &apos;: name&apos; lines</source>
        <translation>请按 questions-words.txt 的格式给出问题，以“: 名称”行开始每一节</translation>
    </message>
    <message>
        <source>cannot open the word-pair file</source>
        <translation>无法打开词对文件</translation>
    </message>
    <message>
        <source>cannot open the analogy file</source>
        <translation>无法打开类比文件</translation>
    </message>
    <message>
        <source>no two kept words ever meet within the window: GloVe has nothing to learn from (give more text, or lower the minimum count)</source>
        <translation>保留的词在窗口内从未相遇：GloVe 无从学习（请提供更多文本，或降低最小出现次数）</translation>
    </message>
    <message>
        <source>method &apos;%1&apos; is unknown (use skipgram, cbow or glove)</source>
        <translation>未知的方法“%1”（请用 skipgram、cbow 或 glove）</translation>
    </message>
    <message>
        <source>GloVe&apos;s x_max must be positive</source>
        <translation>GloVe 的 x_max 必须为正数</translation>
    </message>
</context>
<context>
    <name>lathe::gui::AlignmentText</name>
    <message>
        <source>reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
</context>
<context>
    <name>lathe::gui::ArrivalsView</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Held out</source>
        <translation>留出</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>New labels</source>
        <translation>新标签</translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, lines %2–%3</source>
        <translation>%1，第 %2–%3 行</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with a label the classifier does not have: counted, not trained on. Start a new run on the data to learn it.</source>
        <translation>
            <numerusform>%n 行的标签不在分类器的类别中：已计数，未用于训练。要学习它，请在数据上开始新的运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>No run follows its data. Tick &quot;Follow the file&quot; in the Training panel: after its first epoch the run keeps training on rows added to the file (or files added to its folder), and they are listed here as they arrive.</source>
        <translation>没有运行在跟随数据。在训练面板中勾选“跟随文件”：第一个轮次之后，运行会继续在追加到文件的行（或添加到其文件夹的文件）上训练，它们到达时会列在这里。</translation>
    </message>
    <message>
        <source>Run %1 follows its data: nothing has arrived yet. Rows added to the file (or files added to its folder) while it trains are listed here.</source>
        <translation>运行 %1 正在跟随数据：尚无新数据到达。训练期间追加到文件的行（或添加到其文件夹的文件）会列在这里。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) had a label the classifier does not have (%1): counted, not trained on.</source>
        <translation>
            <numerusform>%n 行的标签不在分类器的类别中（%1）：已计数，未用于训练。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (before the resume)</source>
        <translation>%1（继续之前）</translation>
    </message>
    <message>
        <source>%1: read, and trained on or held out, before the run was stopped; the resumed run put them back where they were</source>
        <translation>%1：在运行停止之前已读取，并已用于训练或留出；继续的运行把它们放回了原处</translation>
    </message>
    <message>
        <source>Run %1 follows %2: %3 rows arrived, %4 of them held out to measure the newest data.</source>
        <translation>运行 %1 正在跟随 %2：已到达 %3 行，其中 %4 行留出用于评估最新数据。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::AttentionHeatmap</name>
    <message>
        <source>Pick a run and an example to see its attention.</source>
        <translation>选择一个运行和一个样例以查看其注意力。</translation>
    </message>
    <message>
        <source>%1 (%2) → %3 (%4): masked (a decoder never sees later tokens)</source>
        <translation>%1 (%2) → %3 (%4)：已遮蔽（解码器看不到后面的词元）</translation>
    </message>
    <message>
        <source>%1 (%2) → %3 (%4): %5</source>
        <translation>%1 (%2) → %3 (%4)：%5</translation>
    </message>
    <message>
        <source>Click tokens (Ctrl adds) to sum their attention over the keys here.</source>
        <translation>点击词元（按住 Ctrl 可多选），在此处查看它们对各键的注意力之和。</translation>
    </message>
    <message>
        <source>Σ selected</source>
        <translation>Σ 已选</translation>
    </message>
    <message>
        <source>query %1: %2</source>
        <translation>查询 %1：%2</translation>
    </message>
    <message>
        <source>key %1: %2</source>
        <translation>键 %1：%2</translation>
    </message>
    <message>
        <source>Σ selected → %1 (%2): %3</source>
        <translation>Σ 已选 → %1 (%2)：%3</translation>
    </message>
</context>
<context>
    <name>lathe::gui::AttentionPanel</name>
    <message>
        <source>Single head</source>
        <translation>单个注意力头</translation>
    </message>
    <message>
        <source>Mean over heads</source>
        <translation>各头平均</translation>
    </message>
    <message>
        <source>Rollout across layers</source>
        <translation>跨层注意力展开（Rollout）</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>不比较</translation>
    </message>
    <message>
        <source>Another checkpoint</source>
        <translation>另一个检查点</translation>
    </message>
    <message>
        <source>Another run</source>
        <translation>另一个运行</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Difference (A − B)</source>
        <translation>差值（A − B）</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Type any text and press Enter</source>
        <translation>输入任意文本并按回车</translation>
    </message>
    <message>
        <source>Scrub through the checkpoints kept during training</source>
        <translation>拖动以浏览训练期间保存的检查点</translation>
    </message>
    <message>
        <source>Rollout (Abnar &amp; Zuidema, 2020) multiplies the layers&apos; head-mean attention, each mixed with the residual identity, up to the selected layer</source>
        <translation>Rollout（Abnar 与 Zuidema，2020）将各层的头平均注意力（各自与残差恒等映射混合）逐层相乘，直到所选层</translation>
    </message>
    <message>
        <source>Checkpoint:</source>
        <translation>检查点：</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Example:</source>
        <translation>样例：</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>视图：</translation>
    </message>
    <message>
        <source>Export Attention</source>
        <translation>导出注意力图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1. Check that the folder exists and is writable.</source>
        <translation>无法写入 %1。请检查该文件夹是否存在且可写。</translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation>#%1 %2（%3）</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>Run %1 has no checkpoint yet: it is saved at the first evaluation.</source>
        <translation>运行 %1 还没有检查点：检查点在第一次评估时保存。</translation>
    </message>
    <message>
        <source>Loading validation examples…</source>
        <translation>正在加载验证集样例…</translation>
    </message>
    <message>
        <source>(validation split unavailable)</source>
        <translation>（验证集不可用）</translation>
    </message>
    <message>
        <source>%1
Type a text instead.</source>
        <translation>%1
请改为输入一段文本。</translation>
    </message>
    <message>
        <source>Computing attention…</source>
        <translation>正在计算注意力…</translation>
    </message>
    <message>
        <source>The two models split this text into different tokens, so there is no cell-by-cell difference; they are shown side by side.</source>
        <translation>两个模型对这段文本的分词不同，无法逐格求差；改为并排显示。</translation>
    </message>
    <message>
        <source>The two models have different numbers of layers or heads; they are shown side by side.</source>
        <translation>两个模型的层数或头数不同；改为并排显示。</translation>
    </message>
    <message>
        <source>layer %1, head %2</source>
        <translation>第 %1 层，第 %2 头</translation>
    </message>
    <message>
        <source>layer %1, mean of %2 heads</source>
        <translation>第 %1 层，%2 个头的平均</translation>
    </message>
    <message>
        <source>rollout through layer %1</source>
        <translation>展开至第 %1 层</translation>
    </message>
    <message>
        <source>A: %1 · step %2</source>
        <translation>A：%1 · 第 %2 步</translation>
    </message>
    <message>
        <source>B: %1 · step %2</source>
        <translation>B：%1 · 第 %2 步</translation>
    </message>
    <message>
        <source>A − B (steps %1 − %2) · %3</source>
        <translation>A − B（第 %1 步 − 第 %2 步）· %3</translation>
    </message>
    <message>
        <source>%1 tokens · predicted “%2” with p = %3</source>
        <translation>%1 个词元 · 预测为“%2”，p = %3</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>Encoder self-attention</source>
        <translation>编码器自注意力</translation>
    </message>
    <message>
        <source>Decoder self-attention</source>
        <translation>解码器自注意力</translation>
    </message>
    <message>
        <source>Cross-attention (target ↓, source →)</source>
        <translation>交叉注意力（目标 ↓，源 →）</translation>
    </message>
    <message>
        <source>An encoder–decoder attends three ways: its encoder over the source, its decoder over the target written so far, and its decoder over the source while writing each target token. A validation example uses its reference target; typed text, the model&apos;s own output.</source>
        <translation>编码器–解码器有三种注意力：编码器对源文本，解码器对已写出的目标，以及解码器在写每个目标词元时对源文本。验证样本使用其参考目标；输入的文本使用模型自己的输出。</translation>
    </message>
    <message>
        <source>Run %1 has no attention to show: pick a Transformer, GPT, masked LM or encoder–decoder run.</source>
        <translation>运行 %1 没有可显示的注意力：请选择 Transformer、GPT、掩码语言模型或编码器–解码器运行。</translation>
    </message>
    <message>
        <source>layer %1, mean of %2 heads (cross-attention has no rollout)</source>
        <translation>第 %1 层，%2 个头的平均（交叉注意力没有 rollout）</translation>
    </message>
    <message>
        <source>%1 tokens · the model&apos;s output: %2</source>
        <translation>%1 个词元 · 模型的输出：%2</translation>
    </message>
    <message>
        <source>%1 tokens · reference target: %2</source>
        <translation>%1 个词元 · 参考目标：%2</translation>
    </message>
</context>
<context>
    <name>lathe::gui::ChartControls</name>
    <message>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Min/max band</source>
        <translation>最小/最大带</translation>
    </message>
    <message>
        <source>Log x</source>
        <translation>x 对数</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>y 对数</translation>
    </message>
    <message>
        <source>Exponential moving average with bias correction, computed on every logged point</source>
        <translation>带偏差校正的指数移动平均，基于每个记录点计算</translation>
    </message>
    <message>
        <source>Show the unsmoothed curve faintly behind the smoothed one</source>
        <translation>在平滑曲线后方淡淡显示未平滑的曲线</translation>
    </message>
    <message>
        <source>Shade the range between the lowest and highest raw value in each stretch of the curve</source>
        <translation>为曲线每一段中原始值的最低与最高之间的范围着色</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>时钟时间</translation>
    </message>
    <message>
        <source>Relative time</source>
        <translation>相对时间</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Undo zoom and pan (double-click a chart does the same)</source>
        <translation>撤销缩放和平移（双击图表效果相同）</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <source>X axis:</source>
        <translation>X 轴：</translation>
    </message>
</context>
<context>
    <name>lathe::gui::ComparePanel</name>
    <message>
        <source>Select two or more runs in the Runs panel and press Compare.</source>
        <translation>在“运行”面板中选择两个或更多运行，然后点击“对比”。</translation>
    </message>
    <message>
        <source>Show all keys</source>
        <translation>显示全部键</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>最后值</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳值</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>At step</source>
        <translation>指定步</translation>
    </message>
    <message>
        <source>The run whose configuration Copy as Config puts on the clipboard</source>
        <translation>“复制为配置”将此运行的配置放到剪贴板</translation>
    </message>
    <message>
        <source>Value:</source>
        <translation>取值：</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Export Charts…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <source>Export Tables…</source>
        <translation>导出表格…</translation>
    </message>
    <message>
        <source>Export History…</source>
        <translation>导出历史…</translation>
    </message>
    <message>
        <source>Copy as Config</source>
        <translation>复制为配置</translation>
    </message>
    <message>
        <source>Every logged point of every compared run, in one CSV</source>
        <translation>所有对比运行的全部记录点，合并为一个 CSV</translation>
    </message>
    <message>
        <source>The run&apos;s full configuration (seed included) as JSON, for lathe-cli train --config or Paste Config in the Model &amp; Training panel</source>
        <translation>该运行的完整配置（含随机种子），格式为 JSON，可用于 lathe-cli train --config 或“模型与训练”面板中的“粘贴配置”</translation>
    </message>
    <message numerus="yes">
        <source>Comparing %n run(s): %1</source>
        <translation>
            <numerusform>正在对比 %n 个运行：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Copied the configuration of run %1 to the clipboard.</source>
        <translation>已将运行 %1 的配置复制到剪贴板。</translation>
    </message>
    <message>
        <source>Could not write %1: check that the folder exists and is writable.</source>
        <translation>无法写入 %1：请检查文件夹是否存在且可写。</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n chart(s) next to %1.</source>
        <translation>
            <numerusform>已在 %1 旁保存 %n 张图表。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the tables to %1 and %2.</source>
        <translation>已将表格保存到 %1 和 %2。</translation>
    </message>
    <message numerus="yes">
        <source>Saved the metric history of %n run(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个运行的指标历史保存到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export Charts</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG images (*.png);;SVG drawings (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Export Tables</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export History</source>
        <translation>导出历史</translation>
    </message>
    <message>
        <source>Confusion Matrices</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>#%1 %2 · step %3</source>
        <translation>#%1 %2 · 第 %3 步</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Make this run the current run: Evaluation, Predictions, Attention, Projector and Compress show it (double-clicking a run&apos;s column does the same)</source>
        <translation>将此运行设为当前运行：评估、预测、注意力、投影和压缩面板都会显示它（双击该运行所在的列效果相同）</translation>
    </message>
</context>
<context>
    <name>lathe::gui::CompressPanel</name>
    <message>
        <source>Start Sweep</source>
        <translation>开始扫描</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Quality vs parameters</source>
        <translation>质量与参数量</translation>
    </message>
    <message>
        <source>Sensitivity: one layer factorized at a time</source>
        <translation>敏感度:每次只分解一层</translation>
    </message>
    <message>
        <source>Singular-value energy kept by rank</source>
        <translation>各秩保留的奇异值能量</translation>
    </message>
    <message>
        <source>Save as Run</source>
        <translation>另存为运行</translation>
    </message>
    <message>
        <source>Uniform and global</source>
        <translation>统一与全局</translation>
    </message>
    <message>
        <source>Uniform rank</source>
        <translation>统一秩</translation>
    </message>
    <message>
        <source>Global budget</source>
        <translation>全局预算</translation>
    </message>
    <message>
        <source>One layer at a time</source>
        <translation>逐层</translation>
    </message>
    <message>
        <source>Ranks</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>Budgets (%)</source>
        <translation>预算(%)</translation>
    </message>
    <message>
        <source>Comma-separated, e.g. 2, 4, 8, 16 (ranks) or 25, 50 (budgets in %)</source>
        <translation>以逗号分隔,例如 2, 4, 8, 16(秩)或 25, 50(预算,%)</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Fine-tune each factorized model on the training split for this many steps (a tenth of the run&apos;s learning rate); the table shows accuracy before and after.</source>
        <translation>在训练集上将每个分解后的模型微调这么多步(学习率为该运行的十分之一);表格显示微调前后的准确率。</translation>
    </message>
    <message>
        <source>Rebuild the selected point (fine-tuned as the sweep did) and keep it as a new run with its checkpoint, linked to this run</source>
        <translation>重建所选的点(按扫描时的方式微调),并连同检查点保存为一个新运行,关联到此运行</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>秩</translation>
    </message>
    <message>
        <source>Energy kept (Σσ² share)</source>
        <translation>保留的能量(Σσ² 占比)</translation>
    </message>
    <message>
        <source>Trade-off</source>
        <translation>权衡</translation>
    </message>
    <message>
        <source>Per layer</source>
        <translation>逐层</translation>
    </message>
    <message>
        <source>Spectra</source>
        <translation>谱</translation>
    </message>
    <message>
        <source>Metric:</source>
        <translation>指标:</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行:</translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation>扫描:</translation>
    </message>
    <message>
        <source>Fine-tune:</source>
        <translation>微调:</translation>
    </message>
    <message>
        <source>%1 of %2 points</source>
        <translation>%1 / %2 个点</translation>
    </message>
    <message>
        <source>Could not save the point: %1</source>
        <translation>无法保存该点:%1</translation>
    </message>
    <message>
        <source>Saved as run #%1, a child of run #%2; it is in the Runs panel.</source>
        <translation>已保存为运行 #%1(运行 #%2 的子运行),可在“运行”面板中找到。</translation>
    </message>
    <message>
        <source>Choose a trained run and Start Sweep: each point replaces Linear layers by their truncated SVD and is evaluated on the run&apos;s validation split.</source>
        <translation>选择一个已训练的运行并点击“开始扫描”:每个点用截断 SVD 替换线性层,并在该运行的验证集上评估。</translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation>#%1 %2(%3)</translation>
    </message>
    <message>
        <source>Size: %L1 parameters; %2 at fp32, %3 at bf16, %4 at int8</source>
        <translation>大小:%L1 个参数;fp32 下 %2,bf16 下 %3,int8 下 %4</translation>
    </message>
    <message>
        <source>; %1 per token</source>
        <translation>;每个词元 %1</translation>
    </message>
    <message>
        <source>; %1 at the peak of a training step</source>
        <translation>;训练步峰值内存 %1</translation>
    </message>
    <message>
        <source>; training-step peak memory not measured</source>
        <translation>;未测量训练步峰值内存</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) from earlier sweeps of this run.</source>
        <translation>
            <numerusform>此运行之前的扫描中有 %n 个点。</numerusform>
        </translation>
    </message>
    <message>
        <source>No sweeps of this run yet: Start Sweep to factorize it.</source>
        <translation>此运行尚无扫描:点击“开始扫描”进行分解。</translation>
    </message>
    <message>
        <source>Earlier sweeps of this run could not be read: %1</source>
        <translation>无法读取此运行之前的扫描:%1</translation>
    </message>
    <message>
        <source>Train a run first: the lab factorizes a trained run&apos;s checkpoint.</source>
        <translation>请先训练一个运行:实验室分解的是已训练运行的检查点。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a budget: give percentages between 0 and 100, e.g. 25, 50.</source>
        <translation>“%1”不是预算:请给出 0 到 100 之间的百分比,例如 25, 50。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a rank: give positive whole numbers, e.g. 4, 8, 16.</source>
        <translation>“%1”不是秩:请给出正整数,例如 4, 8, 16。</translation>
    </message>
    <message>
        <source>Give at least one rank or budget to sweep.</source>
        <translation>请至少给出一个要扫描的秩或预算。</translation>
    </message>
    <message>
        <source>One layer at a time sweeps ranks; choose Ranks, or another plan for budgets.</source>
        <translation>逐层方式扫描的是秩;请选择“秩”,或为预算选择其他方案。</translation>
    </message>
    <message>
        <source>Decomposing the layers…</source>
        <translation>正在分解各层…</translation>
    </message>
    <message>
        <source>Sweeping run #%1…</source>
        <translation>正在扫描运行 #%1…</translation>
    </message>
    <message>
        <source>Cancelling after the point being evaluated…</source>
        <translation>将在当前点评估完成后取消…</translation>
    </message>
    <message>
        <source>The sweep stopped: %1</source>
        <translation>扫描已停止:%1</translation>
    </message>
    <message>
        <source>Cancelled; the points evaluated so far are kept.</source>
        <translation>已取消;已评估的点均已保留。</translation>
    </message>
    <message>
        <source>Sweep finished in %1 s; every point is recorded with run #%2. Select a row and Save as Run to keep it as a model.</source>
        <translation>扫描在 %1 秒内完成;每个点都已随运行 #%2 记录。选择一行并点击“另存为运行”即可保留为模型。</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>Macro-F1</source>
        <translation>宏 F1</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Global allocation</source>
        <translation>全局分配</translation>
    </message>
    <message>
        <source>Uniform, before fine-tuning</source>
        <translation>统一(微调前)</translation>
    </message>
    <message>
        <source>Global, before fine-tuning</source>
        <translation>全局(微调前)</translation>
    </message>
    <message>
        <source>Unfactorized (%L1 parameters)</source>
        <translation>未分解(%L1 个参数)</translation>
    </message>
    <message>
        <source>Saving %1 as a run…</source>
        <translation>正在将 %1 保存为运行…</translation>
    </message>
    <message>
        <source>Uniform, global and measured</source>
        <translation>统一、全局与实测</translation>
    </message>
    <message>
        <source>Measured budget</source>
        <translation>实测预算</translation>
    </message>
    <message>
        <source>Uniform: every Linear layer truncated to the same rank.
Global: ranks allocated across layers by the singular-value energy each parameter buys, under the parameter count uniform spends at each rank (or under each budget).
Measured: the same budgets, ranks chosen to keep the summed validation-loss increase smallest, after probing every layer alone at ranks 1, 2, 4, …
One layer at a time: each layer alone at each rank, to see which layers are sensitive.</source>
        <translation>统一:所有线性层截断到同一秩。
全局:在统一方式于各秩所用的参数量(或各个预算)之内,按每个参数换得的奇异值能量在各层之间分配秩。
实测:相同的预算,先在秩 1、2、4…下逐一探测每一层,再选择使验证损失增量之和最小的秩。
逐层:每次只在各个秩下分解一层,查看哪些层敏感。</translation>
    </message>
    <message>
        <source>Measured allocation</source>
        <translation>实测分配</translation>
    </message>
    <message>
        <source>Measured, before fine-tuning</source>
        <translation>实测(微调前)</translation>
    </message>
    <message>
        <source>Energy kept (%)</source>
        <translation>保留能量(%)</translation>
    </message>
    <message>
        <source>Budgets are percentages of the Linear layers&apos; weight parameters to keep.
Energy kept: each layer at the smallest rank keeping that share of its squared singular values (uniform); the other plans spend the parameters that takes.</source>
        <translation>预算是要保留的线性层权重参数的百分比。
保留能量:每层取能保留该比例奇异值平方和的最小秩(统一方式);其他方案使用相应的参数量。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a share of energy: give percentages between 0 and 100, e.g. 50, 90.</source>
        <translation>“%1”不是能量比例:请给出 0 到 100 之间的百分比,例如 50, 90。</translation>
    </message>
    <message>
        <source>Energy threshold</source>
        <translation>能量阈值</translation>
    </message>
    <message>
        <source>Exact match</source>
        <translation>完全匹配</translation>
    </message>
    <message>
        <source>Token error rate</source>
        <translation>词元错误率</translation>
    </message>
    <message>
        <source>BLEU</source>
        <translation>BLEU</translation>
    </message>
    <message>
        <source>chrF</source>
        <translation>chrF</translation>
    </message>
</context>
<context>
    <name>lathe::gui::ConfusionMatrixView</name>
    <message>
        <source>No evaluation to show.</source>
        <translation>没有可显示的评估。</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Click a cell to list its examples in the Predictions panel</source>
        <translation>点击单元格，在“预测”面板中列出对应样例</translation>
    </message>
</context>
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
        <translation>
            <numerusform>%1 个样本，共 %n 个类别：%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n invalid UTF-8 sequences replaced)</source>
        <translation>
            <numerusform>（已替换 %n 处无效的 UTF-8 序列）</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Folder per class</source>
        <translation>每类一个文件夹</translation>
    </message>
    <message>
        <source>Plain text (language modelling)</source>
        <translation>纯文本（语言建模）</translation>
    </message>
    <message>
        <source>Column (CSV/TSV header) or field (JSONL) holding the text</source>
        <translation>存放文本的列（CSV/TSV 表头）或字段（JSONL）</translation>
    </message>
    <message>
        <source>Column or field holding the class label</source>
        <translation>存放类别标签的列或字段</translation>
    </message>
    <message>
        <source>Read the dataset again with these settings</source>
        <translation>按这些设置重新读取数据集</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Text column:</source>
        <translation>文本列：</translation>
    </message>
    <message>
        <source>Label column:</source>
        <translation>标签列：</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled; %2 stays open.</source>
        <translation>已取消加载 %1；%2 仍保持打开。</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>已取消加载 %1。</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Sequence-to-sequence pairs: the column holding each text&apos;s target (the text column is its source). Auto reads a file with a &quot;target&quot; column and no label column as pairs.</source>
        <translation>序列到序列的文本对：存放每条文本目标的列（文本列是其源）。“自动”会把有“target”列而没有标签列的文件读作文本对。</translation>
    </message>
    <message>
        <source>Target column:</source>
        <translation>目标列：</translation>
    </message>
    <message>
        <source>%1 source–target pairs (%2 → %3) for an encoder–decoder</source>
        <translation>%1 个源–目标文本对（%2 → %3），用于编码器–解码器</translation>
    </message>
    <message>
        <source>Arrivals</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>Arrivals (%1)</source>
        <translation>到达（%1）</translation>
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
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>源</translation>
    </message>
</context>
<context>
    <name>lathe::gui::DatasetProfileView</name>
    <message>
        <source>Examples per class</source>
        <translation>各类别样本数</translation>
    </message>
    <message>
        <source>Tokens per text</source>
        <translation>每条文本的词元数</translation>
    </message>
    <message>
        <source>Piece</source>
        <translation>片段</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>分词器：</translation>
    </message>
    <message>
        <source>Profiling…</source>
        <translation>正在分析…</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>tokens (bin start)</source>
        <translation>词元数（区间起点）</translation>
    </message>
    <message>
        <source>Split (10% validation, 10% test, stratified): %1 train · %2 validation · %3 test.</source>
        <translation>划分（10% 验证、10% 测试，分层）：训练 %1 · 验证 %2 · 测试 %3。</translation>
    </message>
    <message>
        <source>Could not learn the tokenizer: %1</source>
        <translation>无法学习分词器：%1</translation>
    </message>
    <message>
        <source>Tokens per text over %1 texts: median %2, 95th percentile %3, longest %4; %5% exceed %6 tokens and would be cut. Vocabulary: %7 pieces.</source>
        <translation>基于 %1 条文本的每条词元数：中位数 %2，第 95 百分位 %3，最长 %4；%5% 超过 %6 个词元，会被截断。词表：%7 个片段。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::EvaluationPanel</name>
    <message>
        <source>Evaluate on File…</source>
        <translation>在文件上评估…</translation>
    </message>
    <message>
        <source>Run this run&apos;s checkpoint on every example of another dataset file</source>
        <translation>用此运行的检查点评估另一个数据集文件中的每个样本</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Run %1 · %2</source>
        <translation>运行 %1 · %2</translation>
    </message>
    <message>
        <source>A language model: see its perplexity in the Live panel.</source>
        <translation>这是语言模型：请在“实时”面板中查看其困惑度。</translation>
    </message>
    <message>
        <source>This run has no evaluation yet; one is recorded at each evaluation step.</source>
        <translation>此运行还没有评估；每个评估步都会记录一次。</translation>
    </message>
    <message>
        <source>validation split, step %1</source>
        <translation>验证集，第 %1 步</translation>
    </message>
    <message>
        <source>%1: %2 examples · accuracy %3 · macro precision %4, recall %5, F1 %6 · weighted F1 %7</source>
        <translation>%1：%2 个样本 · 准确率 %3 · 宏平均精确率 %4、召回率 %5、F1 %6 · 加权 F1 %7</translation>
    </message>
    <message>
        <source>Evaluate on Dataset</source>
        <translation>在数据集上评估</translation>
    </message>
    <message>
        <source>Datasets (*.csv *.tsv *.jsonl *.txt);;All files (*)</source>
        <translation>数据集 (*.csv *.tsv *.jsonl *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Run %1 has no checkpoint to evaluate.</source>
        <translation>运行 %1 没有可评估的检查点。</translation>
    </message>
    <message>
        <source>Evaluating run %1 on %2…</source>
        <translation>正在用 %2 评估运行 %1…</translation>
    </message>
    <message>
        <source>Could not evaluate: %1</source>
        <translation>无法评估：%1</translation>
    </message>
    <message>
        <source>The Predictions panel lists the validation split; this matrix is from another file.</source>
        <translation>“预测”面板列出的是验证集；此矩阵来自另一个文件。</translation>
    </message>
    <message>
        <source>Evaluated on %1: loss %2 (%3 matmuls, %4 tokens/s).</source>
        <translation>已在 %1 上评估：损失 %2（%3 矩阵乘法，每秒 %4 个词元）。</translation>
    </message>
    <message>
        <source>An encoder–decoder: see its exact match, error rates, BLEU and chrF in the Live panel, and score another file with lathe-cli eval.</source>
        <translation>编码器–解码器：请在“实时”面板中查看其完全匹配率、错误率、BLEU 和 chrF，并用 lathe-cli eval 评估其他文件。</translation>
    </message>
    <message>
        <source>Word Vectors File…</source>
        <translation>词向量文件…</translation>
    </message>
    <message>
        <source>Score word vectors from a file (GloVe, word2vec or fastText text, or word2vec binary) on word pairs and analogies</source>
        <translation>用词对和类比题为文件中的词向量打分（GloVe、word2vec 或 fastText 文本格式，或 word2vec 二进制格式）</translation>
    </message>
    <message>
        <source>Word Vectors</source>
        <translation>词向量</translation>
    </message>
    <message>
        <source>Word vectors (*.txt *.vec *.bin);;All files (*)</source>
        <translation>词向量 (*.txt *.vec *.bin);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Run %1 · %2 · word vectors</source>
        <translation>运行 %1 · %2 · 词向量</translation>
    </message>
    <message>
        <source>Word vectors from %1</source>
        <translation>来自 %1 的词向量</translation>
    </message>
    <message>
        <source>Select a classifier or word-vectors run in the Runs panel.</source>
        <translation>请在“运行”面板中选择一个分类器或词向量运行。</translation>
    </message>
    <message>
        <source>A text VAE: see its ELBO, reconstruction, KL and active latent units in the Live panel.</source>
        <translation>文本 VAE：请在“实时”面板中查看其 ELBO、重构损失、KL 和活跃潜变量单元。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::FollowRow</name>
    <message>
        <source>Follow the file</source>
        <translation>跟随文件</translation>
    </message>
    <message>
        <source>After its epochs on the rows there now, keep training on rows appended to the file (or files added to its folder) until you stop the run. New rows are split as they come: some are held out to measure the newest data, the rest are trained on. The Data panel lists what arrived.</source>
        <translation>在现有行上训练完设定的轮次后，继续在追加到文件的行（或添加到其文件夹的文件）上训练，直到你停止运行。新行到达时即被划分：一部分留出用于评估最新数据，其余用于训练。数据面板会列出到达的内容。</translation>
    </message>
    <message>
        <source>Share of each batch drawn from earlier examples: more replay forgets less of the old data and learns the new more slowly</source>
        <translation>每个批次中从早先样本抽取的比例：回放越多，遗忘旧数据越少，但学习新数据越慢</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>End the run after this many seconds without new data (never: when you stop it)</source>
        <translation>没有新数据达到这么多秒后结束运行（从不：由你停止）</translation>
    </message>
    <message>
        <source>Growing data:</source>
        <translation>增长的数据：</translation>
    </message>
    <message>
        <source>Replay share:</source>
        <translation>回放比例：</translation>
    </message>
    <message>
        <source>End when idle:</source>
        <translation>空闲时结束：</translation>
    </message>
</context>
<context>
    <name>lathe::gui::GenerateBox</name>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Prompt (may be empty)</source>
        <translation>提示词（可留空）</translation>
    </message>
    <message>
        <source>0 picks the most likely token every time</source>
        <translation>0 表示每次都选取概率最高的词元</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Samples come from the run&apos;s latest checkpoint, written at each evaluation.</source>
        <translation>样本来自该运行最新的检查点，检查点在每次评估时写入。</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation>词元数：</translation>
    </message>
    <message>
        <source>This run has no checkpoint yet; one is written at the first evaluation.</source>
        <translation>该运行还没有检查点；首次评估时会写入一个。</translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation>正在采样…</translation>
    </message>
    <message>
        <source>Could not sample: %1</source>
        <translation>无法采样：%1</translation>
    </message>
    <message>
        <source>(The model ended the text right away. Train longer, or try another prompt or a higher temperature.)</source>
        <translation>（模型立即结束了文本。请训练更久，或换一个提示词或提高温度。）</translation>
    </message>
</context>
<context>
    <name>lathe::gui::HeadGrid</name>
    <message>
        <source>Every layer and head; click one to show it large</source>
        <translation>每一层、每一个头；点击可放大显示</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>头 %1</translation>
    </message>
</context>
<context>
    <name>lathe::gui::HistoryChart</name>
    <message>
        <source>Complete trials</source>
        <translation>完成的试验</translation>
    </message>
    <message>
        <source>Pruned (value when stopped)</source>
        <translation>已剪枝（停止时的值）</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>目前最佳</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
</context>
<context>
    <name>lathe::gui::ImportanceChart</name>
    <message>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <source>Importance (PED-ANOVA, sums to 1)</source>
        <translation>重要性（PED-ANOVA，总和为 1）</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
</context>
<context>
    <name>lathe::gui::IntermediateChart</name>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>trial %1</source>
        <translation>试验 %1</translation>
    </message>
    <message>
        <source>%1 of %2 trials&apos; curves: the best complete ones, then the latest of the others</source>
        <translation>%2 个试验曲线中的 %1 个：最佳的已完成试验，然后是其余试验中最新的</translation>
    </message>
</context>
<context>
    <name>lathe::gui::LivePanel</name>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>training (batch)</source>
        <translation>训练（批次）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>No run yet: start training, or open a run from the Runs panel.</source>
        <translation>还没有运行：开始训练，或从“运行”面板打开一个运行。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Macro F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Throughput (tokens/s)</source>
        <translation>吞吐量（词元/秒）</translation>
    </message>
    <message>
        <source>Run %1 · %2 · %3 parameters</source>
        <translation>运行 %1 · %2 · %3 个参数</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>step %1 / %2 · %3 tokens/s</source>
        <translation>第 %1 / %2 步 · %3 词元/秒</translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · 已暂停</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · 预计剩余 %1</translation>
    </message>
    <message>
        <source>finished: %1 after %2 steps</source>
        <translation>已结束（%1），共 %2 步</translation>
    </message>
    <message>
        <source>Run %1 · %2 · %3 (from the experiment database)</source>
        <translation>运行 %1 · %2 · %3（来自实验数据库）</translation>
    </message>
    <message>
        <source>%1 steps</source>
        <translation>%1 步</translation>
    </message>
    <message>
        <source>token accuracy</source>
        <translation>词元准确率</translation>
    </message>
    <message>
        <source>exact match</source>
        <translation>完全匹配</translation>
    </message>
    <message>
        <source>token error rate</source>
        <translation>词元错误率</translation>
    </message>
    <message>
        <source>character error rate</source>
        <translation>字符错误率</translation>
    </message>
    <message>
        <source>BLEU</source>
        <translation>BLEU</translation>
    </message>
    <message>
        <source>chrF</source>
        <translation>chrF</translation>
    </message>
    <message>
        <source>Error rates</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>BLEU and chrF</source>
        <translation>BLEU 和 chrF</translation>
    </message>
    <message>
        <source>words/s</source>
        <translation>词/秒</translation>
    </message>
    <message>
        <source>Throughput (words/s)</source>
        <translation>吞吐量（词/秒）</translation>
    </message>
    <message>
        <source>%1 words</source>
        <translation>%1 个词</translation>
    </message>
    <message>
        <source>word %1 / %2 · %3 words/s</source>
        <translation>第 %1 / %2 词 · 每秒 %3 词</translation>
    </message>
    <message>
        <source>finished: %1 after %2 words</source>
        <translation>已结束：%1，共 %2 个词</translation>
    </message>
    <message>
        <source>importance-weighted NLL</source>
        <translation>重要性加权 NLL</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>active latent units</source>
        <translation>活跃潜变量单元</translation>
    </message>
    <message>
        <source>KL weight β</source>
        <translation>KL 权重 β</translation>
    </message>
    <message>
        <source>Reconstruction (nats)</source>
        <translation>重构损失（奈特）</translation>
    </message>
    <message>
        <source>KL divergence (nats)</source>
        <translation>KL 散度（奈特）</translation>
    </message>
    <message>
        <source>ELBO (nats)</source>
        <translation>ELBO（奈特）</translation>
    </message>
    <message>
        <source>Active latent units</source>
        <translation>活跃潜变量单元</translation>
    </message>
    <message>
        <source>KL weight</source>
        <translation>KL 权重</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>newest data</source>
        <translation>最新数据</translation>
    </message>
    <message>
        <source>rows arrived</source>
        <translation>到达行数</translation>
    </message>
    <message>
        <source>examples trained on</source>
        <translation>已训练样本</translation>
    </message>
    <message>
        <source>fall from the best validation score</source>
        <translation>相对最佳验证分数的下降</translation>
    </message>
    <message>
        <source>Stream (examples)</source>
        <translation>数据流（样本）</translation>
    </message>
    <message>
        <source>Forgetting (validation)</source>
        <translation>遗忘（验证集）</translation>
    </message>
    <message>
        <source>step %1 · %2 tokens/s · following its data</source>
        <translation>第 %1 步 · %2 词元/秒 · 正在跟随数据</translation>
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
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Reset &amp;Layout</source>
        <translation>重置布局(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The language changes when Lathe next starts.</source>
        <translation>语言将在下次启动 Lathe 时更改。</translation>
    </message>
    <message>
        <source>Model &amp; Training</source>
        <translation>模型与训练</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>A run is training; the Live panel follows it until it ends.</source>
        <translation>有运行正在训练；在其结束前“实时”面板会一直跟随它。</translation>
    </message>
    <message>
        <source>Another run is training; stop it before resuming run %1.</source>
        <translation>另一个运行正在训练；请先停止它，再恢复运行 %1。</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A run is training. Stop it (its checkpoint is kept, so it can be resumed) and quit?</source>
        <translation>有运行正在训练。要停止它（检查点会保留，之后可以恢复）并退出吗？</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>投影</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Compress</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>Threads: auto (up to %1)</source>
        <translation>线程数：自动（最多 %1）</translation>
    </message>
    <message>
        <source>Current run: #%1 %2</source>
        <translation>当前运行：#%1 %2</translation>
    </message>
    <message>
        <source>No current run</source>
        <translation>无当前运行</translation>
    </message>
    <message>
        <source>Studies</source>
        <translation>研究</translation>
    </message>
</context>
<context>
    <name>lathe::gui::MetricChart</name>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>time of day</source>
        <translation>时刻</translation>
    </message>
    <message>
        <source>time (s)</source>
        <translation>时间（秒）</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>words</source>
        <translation>词数</translation>
    </message>
    <message>
        <source>word %1</source>
        <translation>第 %1 词</translation>
    </message>
</context>
<context>
    <name>lathe::gui::ParallelCoordinates</name>
    <message>
        <source>Drag along an axis to keep only the trials in that range; click an axis to clear its range</source>
        <translation>沿坐标轴拖动，只保留该范围内的试验；单击坐标轴可清除其范围</translation>
    </message>
    <message>
        <source>No complete trials yet</source>
        <translation>还没有完成的试验</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>%1 of %2 trials shown · colour: worst (purple) to best (yellow)</source>
        <translation>显示 %2 个试验中的 %1 个 · 颜色：最差（紫）到最佳（黄）</translation>
    </message>
</context>
<context>
    <name>lathe::gui::PredictionsModel</name>
    <message>
        <source>Mean cross-entropy per token; perplexity %1</source>
        <translation>每个词元的平均交叉熵；困惑度 %1</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>True label</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Loss per token</source>
        <translation>每词元损失</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Token edit distance %1 over %2 reference tokens (%3%)</source>
        <translation>词元编辑距离 %1，参考共 %2 个词元（%3%）</translation>
    </message>
    <message>
        <source>Mean cross-entropy per reference token (teacher-forced); perplexity %1</source>
        <translation>每个参考词元的平均交叉熵（教师强制）；困惑度 %1</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>源</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Token errors</source>
        <translation>词元错误</translation>
    </message>
</context>
<context>
    <name>lathe::gui::PredictionsPanel</name>
    <message>
        <source>Select a run in the Runs panel to see its predictions.</source>
        <translation>在“运行”面板中选择一个运行以查看其预测。</translation>
    </message>
    <message>
        <source>Misclassified only</source>
        <translation>仅显示分类错误</translation>
    </message>
    <message>
        <source>Open in Attention</source>
        <translation>在注意力面板中打开</translation>
    </message>
    <message>
        <source>Filter by words in the text</source>
        <translation>按文本中的词筛选</translation>
    </message>
    <message>
        <source>Show this example&apos;s attention (Transformer and GPT runs)</source>
        <translation>显示此样例的注意力（Transformer 和 GPT 运行）</translation>
    </message>
    <message>
        <source>Run %1 · %2 · validation split</source>
        <translation>运行 %1 · %2 · 验证集</translation>
    </message>
    <message>
        <source>Run %1 has no checkpoint yet: it is saved at the first evaluation.</source>
        <translation>运行 %1 还没有检查点：检查点在第一次评估时保存。</translation>
    </message>
    <message>
        <source>Predicting the validation split with run %1&apos;s checkpoint…</source>
        <translation>正在用运行 %1 的检查点预测验证集…</translation>
    </message>
    <message>
        <source>True %1 · predicted %2 ✕</source>
        <translation>真实 %1 · 预测 %2 ✕</translation>
    </message>
    <message>
        <source>Show all examples again</source>
        <translation>重新显示所有样例</translation>
    </message>
    <message>
        <source>%1 of %2 examples shown</source>
        <translation>显示 %1 / %2 个样例</translation>
    </message>
    <message>
        <source>%1 · mean loss per token %2</source>
        <translation>%1 · 每词元平均损失 %2</translation>
    </message>
    <message>
        <source>%1 · %2 misclassified (%3%) · mean loss %4</source>
        <translation>%1 · %2 个分类错误（%3%）· 平均损失 %4</translation>
    </message>
    <message>
        <source>Wrong outputs only</source>
        <translation>只看错误输出</translation>
    </message>
    <message>
        <source>%1 · %2 wrong (%3%) · token error rate %4 · mean loss per token %5</source>
        <translation>%1 · %2 个错误（%3%）· 词元错误率 %4 · 每词元平均损失 %5</translation>
    </message>
    <message>
        <source>Select an example to see its output aligned with its reference.</source>
        <translation>选择一个样本，查看其输出与参考的逐词元对齐。</translation>
    </message>
    <message>
        <source>Run %1 is word vectors: it predicts nothing to list here; see its neighbours in the Projector.</source>
        <translation>运行 %1 是词向量：这里没有可列出的预测；请在“投影”面板查看其近邻。</translation>
    </message>
    <message>
        <source>Run %1 is a text VAE: sample, reconstruct and interpolate sentences in the Live panel&apos;s Latent space box (or with lathe-cli vae).</source>
        <translation>运行 %1 是文本 VAE：请在“实时”面板的“潜空间”框中采样、重构和插值句子（或使用 lathe-cli vae）。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::ProjectorPanel</name>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Token embeddings</source>
        <translation>词元嵌入</translation>
    </message>
    <message>
        <source>Sentence representations</source>
        <translation>句子表示</translation>
    </message>
    <message>
        <source>Tokens: the rows of the embedding matrix, coloured by frequency in the training split.
Sentences: the pooled vector the classifier sees, for the validation split, coloured by label.</source>
        <translation>词元：嵌入矩阵的各行，按训练集中的频率着色。
句子：分类器看到的池化向量（验证集），按标签着色。</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>perplexity </source>
        <translation>困惑度 </translation>
    </message>
    <message>
        <source> iterations</source>
        <translation> 次迭代</translation>
    </message>
    <message>
        <source>Search a token or text</source>
        <translation>搜索词元或文本</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Nearest by cosine similarity:</source>
        <translation>余弦相似度最近邻：</translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation>#%1 %2（%3）</translation>
    </message>
    <message>
        <source>Train a run first: the projector shows a trained model&apos;s embeddings.</source>
        <translation>请先训练一个运行：投影面板显示已训练模型的嵌入。</translation>
    </message>
    <message>
        <source>Reading the run&apos;s embeddings…</source>
        <translation>正在读取运行的嵌入…</translation>
    </message>
    <message>
        <source>frequency</source>
        <translation>频率</translation>
    </message>
    <message numerus="yes">
        <source>PCA of %n point(s): the axes hold %1% and %2% of the variance.</source>
        <translation>
            <numerusform>%n 个点的 PCA：两个轴分别占方差的 %1% 和 %2%。</numerusform>
        </translation>
    </message>
    <message>
        <source>t-SNE: finding each point&apos;s neighbours…</source>
        <translation>t-SNE：正在查找每个点的近邻…</translation>
    </message>
    <message>
        <source>t-SNE: iteration %1 of %2</source>
        <translation>t-SNE：第 %1 / %2 次迭代</translation>
    </message>
    <message>
        <source>t-SNE cancelled; the layout shown is where it stopped.</source>
        <translation>t-SNE 已取消；显示的是停止时的布局。</translation>
    </message>
    <message numerus="yes">
        <source>t-SNE of %n point(s), perplexity %1, %2 iterations.</source>
        <translation>
            <numerusform>%n 个点的 t-SNE，困惑度 %1，%2 次迭代。</numerusform>
        </translation>
    </message>
    <message>
        <source>No point matches “%1”.</source>
        <translation>没有与“%1”匹配的点。</translation>
    </message>
    <message>
        <source>%1   %2</source>
        <translation>%1   %2</translation>
    </message>
    <message>
        <source>Neighbours of “%1”.</source>
        <translation>“%1”的近邻。</translation>
    </message>
    <message>
        <source>Import Word Vectors…</source>
        <translation>导入词向量…</translation>
    </message>
    <message>
        <source>Imported word vectors</source>
        <translation>导入的词向量</translation>
    </message>
    <message>
        <source>View pretrained word vectors (GloVe or word2vec text: a word and its numbers per line)</source>
        <translation>查看预训练词向量（GloVe 或 word2vec 文本格式：每行一个词及其数值）</translation>
    </message>
    <message>
        <source>Import Word Vectors</source>
        <translation>导入词向量</translation>
    </message>
    <message>
        <source>Word vectors (*.txt *.vec);;All files (*)</source>
        <translation>词向量 (*.txt *.vec);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a word-vector file with Import Word Vectors…</source>
        <translation>请用“导入词向量…”选择一个词向量文件</translation>
    </message>
    <message>
        <source>Run %1 is selected: press Compute when this projection ends.</source>
        <translation>已选择运行 %1：当前投影结束后请按“计算”。</translation>
    </message>
    <message>
        <source>Run %1 is selected: press Compute for its t-SNE map.</source>
        <translation>已选择运行 %1：按“计算”生成其 t-SNE 图。</translation>
    </message>
    <message>
        <source>Run %1 left no word vectors: it did not finish.</source>
        <translation>运行 %1 没有留下词向量：它未完成。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::RunText</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>已崩溃</translation>
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
        <source>Subwords (unigram)</source>
        <translation>子词 (unigram)</translation>
    </message>
    <message>
        <source>fastText (bag of n-grams)</source>
        <translation>fastText（n-gram 词袋）</translation>
    </message>
    <message>
        <source>Masked language model (BERT-style)</source>
        <translation>掩码语言模型（BERT 式）</translation>
    </message>
    <message>
        <source>Transformer encoder–decoder</source>
        <translation>Transformer 编码器–解码器</translation>
    </message>
    <message>
        <source>LSTM encoder–decoder (attention)</source>
        <translation>LSTM 编码器–解码器（注意力）</translation>
    </message>
    <message>
        <source>Word vectors (skip-gram)</source>
        <translation>词向量（skip-gram）</translation>
    </message>
    <message>
        <source>Word vectors (CBOW)</source>
        <translation>词向量（CBOW）</translation>
    </message>
    <message>
        <source>Word vectors (GloVe)</source>
        <translation>词向量（GloVe）</translation>
    </message>
    <message>
        <source>Text VAE (LSTM)</source>
        <translation>文本 VAE（LSTM）</translation>
    </message>
</context>
<context>
    <name>lathe::gui::RunsModel</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>ppl %1</source>
        <translation>困惑度 %1</translation>
    </message>
    <message>
        <source>acc %1</source>
        <translation>准确率 %1</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Best validation</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>%1 at fp32, %2 at bf16, %3 at int8</source>
        <translation>fp32 下 %1,bf16 下 %2,int8 下 %3</translation>
    </message>
    <message>
        <source>%1 FLOPs per token</source>
        <translation>每个词元 %1 次浮点运算</translation>
    </message>
    <message>
        <source>Resident memory at the peak of the first training step: weights, activations, gradients and optimizer state</source>
        <translation>第一个训练步峰值时的常驻内存:权重、激活、梯度和优化器状态</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Peak memory</source>
        <translation>峰值内存</translation>
    </message>
    <message>
        <source>Training %1 tokens/s</source>
        <translation>训练 %1 词元/秒</translation>
    </message>
    <message>
        <source>Evaluation %1 tokens/s</source>
        <translation>评估 %1 词元/秒</translation>
    </message>
    <message>
        <source>Step (ms): data %1, forward %2, backward %3, optimizer %4, logging %5</source>
        <translation>每步（毫秒）：数据 %1，前向 %2，反向 %3，优化器 %4，记录 %5</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>%1 · %2 · 1 thread</source>
        <translation>%1 · %2 · 1 线程</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 threads</source>
        <translation>%1 · %2 · %3 线程</translation>
    </message>
    <message>
        <source>%1 matmuls, %2 kernels, 1 compute thread</source>
        <translation>%1 矩阵乘法，%2 内核，1 个计算线程</translation>
    </message>
    <message>
        <source>%1 matmuls, %2 kernels, %3 compute threads</source>
        <translation>%1 矩阵乘法，%2 内核，%3 个计算线程</translation>
    </message>
    <message>
        <source>%1 · best model</source>
        <translation>%1 · 最佳模型</translation>
    </message>
    <message>
        <source>%1 · best baseline</source>
        <translation>%1 · 最佳基线</translation>
    </message>
    <message>
        <source>On this dataset the fastText baseline (run %1, accuracy %2) is at least as good as the best model (run %3, accuracy %4): the model does not beat a bag of n-grams</source>
        <translation>在此数据集上，fastText 基线（运行 %1，准确率 %2）不逊于最佳模型（运行 %3，准确率 %4）：模型没有胜过 n-gram 词袋</translation>
    </message>
    <message>
        <source>On this dataset the best model (run %1, accuracy %2) beats the fastText baseline (run %3, accuracy %4)</source>
        <translation>在此数据集上，最佳模型（运行 %1，准确率 %2）胜过 fastText 基线（运行 %3，准确率 %4）</translation>
    </message>
    <message>
        <source>run %1 (%2, %3)</source>
        <translation>运行 %1（%2，%3）</translation>
    </message>
    <message>
        <source>run %1 (deleted)</source>
        <translation>运行 %1（已删除）</translation>
    </message>
    <message>
        <source>Fine-tuned from %1</source>
        <translation>由 %1 微调而来</translation>
    </message>
    <message>
        <source>Distilled from %1</source>
        <translation>由 %1 蒸馏而来</translation>
    </message>
    <message>
        <source>Derived from %1</source>
        <translation>源自 %1</translation>
    </message>
    <message>
        <source>#%1 → %2</source>
        <translation>#%1 → %2</translation>
    </message>
    <message>
        <source>masked ppl %1</source>
        <translation>掩码困惑度 %1</translation>
    </message>
    <message>
        <source>exact %1</source>
        <translation>完全匹配 %1</translation>
    </message>
    <message>
        <source>Trained from scratch as the control of fine-tuning from %1: its architecture and tokenizer, random weights</source>
        <translation>作为从 %1 微调的对照从头训练：相同的架构和分词器，随机权重</translation>
    </message>
    <message>
        <source>#%1 → %2, from scratch</source>
        <translation>#%1 → %2，从头训练</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>损失 %1</translation>
    </message>
    <message>
        <source>ELBO %1</source>
        <translation>ELBO %1</translation>
    </message>
</context>
<context>
    <name>lathe::gui::RunsPanel</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Open Charts</source>
        <translation>打开图表</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Export Metrics…</source>
        <translation>导出指标…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Search name, model, dataset, tags, notes…</source>
        <translation>搜索名称、模型、数据集、标签、备注…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Notes about this run</source>
        <translation>关于此运行的备注</translation>
    </message>
    <message>
        <source>comma, separated, tags</source>
        <translation>以逗号, 分隔的, 标签</translation>
    </message>
    <message>
        <source>Show this run&apos;s curves in the Live panel</source>
        <translation>在“实时”面板中显示此运行的曲线</translation>
    </message>
    <message>
        <source>Continue a stopped or crashed run from its last checkpoint</source>
        <translation>从最后一个检查点继续已停止或已崩溃的运行</translation>
    </message>
    <message>
        <source>Overlay the selected runs in the Compare panel</source>
        <translation>在“对比”面板中叠加显示所选运行</translation>
    </message>
    <message>
        <source>Selected run</source>
        <translation>所选运行</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Saved run %1.</source>
        <translation>已保存运行 %1。</translation>
    </message>
    <message>
        <source>Could not save run %1: %2</source>
        <translation>无法保存运行 %1：%2</translation>
    </message>
    <message>
        <source>Run %1 is still running; stop it before deleting it.</source>
        <translation>运行 %1 仍在进行；请先停止再删除。</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) with their metrics, checkpoints and tokenizers? This cannot be undone.</source>
        <translation>
            <numerusform>删除 %n 个运行及其指标、检查点和分词器？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n run(s).</source>
        <translation>
            <numerusform>已删除 %n 个运行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not delete: %1</source>
        <translation>无法删除：%1</translation>
    </message>
    <message>
        <source>Export Metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write %1: check that the folder exists and is writable.</source>
        <translation>无法写入 %1：请检查文件夹是否存在且可写。</translation>
    </message>
    <message>
        <source>Could not finish writing %1 (disk full?).</source>
        <translation>无法完成写入 %1（磁盘已满？）。</translation>
    </message>
    <message numerus="yes">
        <source>Exported the metrics of %n run(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个运行的指标导出到 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lathe::gui::ScatterView</name>
    <message>
        <source>Choose a run and press Compute to project its embeddings.</source>
        <translation>选择一个运行并点击“计算”以投影其嵌入。</translation>
    </message>
    <message>
        <source>%1 (log scale)</source>
        <translation>%1（对数刻度）</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s)</source>
        <translation>
            <numerusform>%n 个点</numerusform>
        </translation>
    </message>
    <message>
        <source>[%1] %2</source>
        <translation>[%1] %2</translation>
    </message>
    <message>
        <source>%1 (%2 %3)</source>
        <translation>%1（%2 %3）</translation>
    </message>
</context>
<context>
    <name>lathe::gui::SpaceEditor</name>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>From / choices</source>
        <translation>从 / 选项</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>对数</translation>
    </message>
    <message>
        <source>Only for %1 models</source>
        <translation>仅用于 %1 模型</translation>
    </message>
    <message>
        <source>%1: give its choices, separated by commas</source>
        <translation>%1：请给出选项，用逗号分隔</translation>
    </message>
    <message>
        <source>%1: &apos;from&apos; and &apos;to&apos; must be numbers</source>
        <translation>%1：“从”和“到”必须是数字</translation>
    </message>
</context>
<context>
    <name>lathe::gui::StudiesPanel</name>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Start Study</source>
        <translation>开始研究</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>TPE (Bayesian)</source>
        <translation>TPE（贝叶斯）</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Sobol (quasi-random)</source>
        <translation>Sobol（准随机）</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>Successive halving (ASHA)</source>
        <translation>逐次减半（ASHA）</translation>
    </message>
    <message>
        <source>Hyperband</source>
        <translation>Hyperband</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Trials trained at once, each in its own process; the cores are shared out between them</source>
        <translation>同时训练的试验数，每个在独立进程中；CPU 核心在它们之间分配</translation>
    </message>
    <message>
        <source>New study</source>
        <translation>新研究</translation>
    </message>
    <message>
        <source>Sampler</source>
        <translation>采样器</translation>
    </message>
    <message>
        <source>Pruner</source>
        <translation>剪枝器</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验数</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工作进程</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Each trial trains with the Model &amp; Training settings and dataset; the ticked settings are searched over their ranges.</source>
        <translation>每个试验使用“模型与训练”的设置和数据集进行训练；勾选的设置在其范围内搜索。</translation>
    </message>
    <message>
        <source>Study</source>
        <translation>研究</translation>
    </message>
    <message>
        <source>Double-click a trial to make its run the current run</source>
        <translation>双击试验，将其运行设为当前运行</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Intermediate values</source>
        <translation>中间值</translation>
    </message>
    <message>
        <source>Study %1 running…</source>
        <translation>研究 %1 运行中…</translation>
    </message>
    <message>
        <source>No experiment database: studies need one to record their trials.</source>
        <translation>没有实验数据库：研究需要它来记录试验。</translation>
    </message>
    <message>
        <source>Open a dataset first (Data panel or File ▸ Open Dataset).</source>
        <translation>请先打开数据集（“数据”面板或“文件 ▸ 打开数据集”）。</translation>
    </message>
    <message>
        <source>Tick at least one setting to search.</source>
        <translation>请至少勾选一个要搜索的设置。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Stopping: the running trials stop at their next step…</source>
        <translation>正在停止：运行中的试验将在下一步停止…</translation>
    </message>
    <message>
        <source>Study %1 %2.</source>
        <translation>研究 %1 %2。</translation>
    </message>
    <message>
        <source>%1 · %2 trials (%3 complete, %4 pruned, %5 failed)</source>
        <translation>%1 · %2 个试验（%3 个完成，%4 个剪枝，%5 个失败）</translation>
    </message>
    <message>
        <source> · best %1 = %2 (trial %3)</source>
        <translation> · 最佳 %1 = %2（试验 %3）</translation>
    </message>
    <message>
        <source>Train Best Again</source>
        <translation>再次训练最佳</translation>
    </message>
    <message>
        <source>Compare Top 5</source>
        <translation>比较前 5 名</translation>
    </message>
    <message>
        <source>Put the best trial&apos;s settings into Model &amp; Training, to train it again (for example with more steps)</source>
        <translation>将最佳试验的设置填入“模型与训练”，以便再次训练（例如使用更多步数）</translation>
    </message>
    <message>
        <source>Open the runs of the five best trials in Compare</source>
        <translation>在“比较”中打开最佳五个试验的运行</translation>
    </message>
    <message>
        <source>No study yet: tick the settings to search above and press Start Study. Studies run with lathe-cli study run show here too.</source>
        <translation>还没有研究：在上方勾选要搜索的设置，然后按“开始研究”。用 lathe-cli study run 运行的研究也会显示在这里。</translation>
    </message>
    <message>
        <source>Gaussian process</source>
        <translation>高斯过程</translation>
    </message>
    <message>
        <source>Parallel coordinates</source>
        <translation>平行坐标</translation>
    </message>
    <message>
        <source>Importance</source>
        <translation>重要性</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Slices</source>
        <translation>切片</translation>
    </message>
    <message>
        <source>TPE, multivariate</source>
        <translation>TPE（多变量）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Go on with this study: finished trials are kept, trials cut short run again</source>
        <translation>继续这个研究：已完成的试验保留，被中断的试验重新运行</translation>
    </message>
    <message>
        <source>Resuming study %1…</source>
        <translation>正在继续研究 %1…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete this study and its trials; their runs stay in Runs</source>
        <translation>删除这个研究及其试验；它们的运行保留在“运行”中</translation>
    </message>
    <message>
        <source>Delete Study</source>
        <translation>删除研究</translation>
    </message>
    <message>
        <source>Delete study %1 (%2) and its %3 trials? Their runs stay in the database.</source>
        <translation>删除研究 %1（%2）及其 %3 个试验？它们的运行保留在数据库中。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::SweepPointsModel</name>
    <message>
        <source>%1: rank %2, relative error %3</source>
        <translation>%1:秩 %2,相对误差 %3</translation>
    </message>
    <message>
        <source>%1: dense</source>
        <translation>%1:稠密</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Of model</source>
        <translation>占模型</translation>
    </message>
    <message>
        <source>FLOPs/token</source>
        <translation>浮点运算/词元</translation>
    </message>
    <message>
        <source>Val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Macro-F1</source>
        <translation>宏 F1</translation>
    </message>
    <message>
        <source>Perplexity before fine-tuning</source>
        <translation>微调前困惑度</translation>
    </message>
    <message>
        <source>Accuracy before fine-tuning</source>
        <translation>微调前准确率</translation>
    </message>
    <message>
        <source>Saved as</source>
        <translation>已保存为</translation>
    </message>
    <message>
        <source>Exact match</source>
        <translation>完全匹配</translation>
    </message>
    <message>
        <source>Token error rate</source>
        <translation>词元错误率</translation>
    </message>
    <message>
        <source>Exact match before fine-tuning</source>
        <translation>微调前的完全匹配</translation>
    </message>
</context>
<context>
    <name>lathe::gui::TrainingForm</name>
    <message>
        <source>Tiny</source>
        <translation>微型</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>小型</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基础</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>Evaluate on the validation split and write a checkpoint every this many steps</source>
        <translation>每隔这么多步在验证集上评估一次并写入检查点</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>规模：</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Sequence length:</source>
        <translation>序列长度：</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>分词器：</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Schedule:</source>
        <translation>学习率调度：</translation>
    </message>
    <message>
        <source>Warm-up steps:</source>
        <translation>预热步数：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation>评估间隔：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>none (random initialization)</source>
        <translation>无（随机初始化）</translation>
    </message>
    <message>
        <source>Pretrained word vectors (GloVe or word2vec text format) to start matching token embeddings from; their length must equal the width</source>
        <translation>用预训练词向量（GloVe 或 word2vec 文本格式）初始化匹配的词元嵌入；向量长度必须等于模型宽度</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Word vectors:</source>
        <translation>词向量：</translation>
    </message>
    <message>
        <source>Word Vectors</source>
        <translation>词向量</translation>
    </message>
    <message>
        <source>Share blocks across layers</source>
        <translation>各层共享模块</translation>
    </message>
    <message>
        <source>Tie input and output embeddings</source>
        <translation>绑定输入与输出嵌入</translation>
    </message>
    <message>
        <source>dense</source>
        <translation>稠密</translation>
    </message>
    <message>
        <source>Train the Transformer blocks&apos; Linear layers in factorized form W = U·V of this rank (fewer parameters and FLOPs); dense trains them as full matrices</source>
        <translation>以此秩的分解形式 W = U·V 训练 Transformer 模块的线性层(参数和浮点运算更少);“稠密”则以完整矩阵训练</translation>
    </message>
    <message>
        <source>ALBERT-style: one Transformer block&apos;s parameters, applied at every layer</source>
        <translation>ALBERT 方式:一个 Transformer 模块的参数在每一层重复使用</translation>
    </message>
    <message>
        <source>Factorized embeddings: a vocabulary × E table, then a projection from E to the width; &quot;width&quot; keeps one vocabulary × width table</source>
        <translation>分解嵌入:一个 词表 × E 的表,再从 E 投影到宽度;“宽度”则保留一个 词表 × 宽度 的表</translation>
    </message>
    <message>
        <source>Language models: the output layer reuses the token embedding matrix</source>
        <translation>语言模型:输出层复用词元嵌入矩阵</translation>
    </message>
    <message>
        <source>Distill from this trained run: the student (this form&apos;s model) learns from the teacher&apos;s softened outputs as well as the labels, and reads the teacher&apos;s tokenizer</source>
        <translation>从此已训练运行蒸馏:学生(本表单的模型)同时学习标签和教师软化后的输出,并使用教师的分词器</translation>
    </message>
    <message>
        <source>α </source>
        <translation>α </translation>
    </message>
    <message>
        <source>Weight of the cross-entropy on the labels; 1 − α weighs the teacher&apos;s soft targets</source>
        <translation>标签交叉熵的权重;1 − α 为教师软目标的权重</translation>
    </message>
    <message>
        <source>T </source>
        <translation>T </translation>
    </message>
    <message>
        <source>Softmax temperature of the soft targets</source>
        <translation>软目标的 softmax 温度</translation>
    </message>
    <message>
        <source>Start from this trained run&apos;s model, tokenizer and weights (the model settings above are not used) and fine-tune it on the open dataset</source>
        <translation>以此已训练运行的模型、分词器和权重为起点(不使用上面的模型设置),在当前打开的数据集上微调</translation>
    </message>
    <message>
        <source>LoRA rank </source>
        <translation>LoRA 秩 </translation>
    </message>
    <message>
        <source>all weights</source>
        <translation>全部权重</translation>
    </message>
    <message>
        <source>Train only low-rank adapters of this rank on the frozen base (merged into the weights on export); &quot;all weights&quot; fine-tunes every parameter</source>
        <translation>只在冻结的基座上训练此秩的低秩适配器(导出时合并进权重);“全部权重”则微调所有参数</translation>
    </message>
    <message>
        <source>Low rank:</source>
        <translation>低秩:</translation>
    </message>
    <message>
        <source>Embedding size:</source>
        <translation>嵌入大小:</translation>
    </message>
    <message>
        <source>Distill from:</source>
        <translation>蒸馏自:</translation>
    </message>
    <message>
        <source>Fine-tune run:</source>
        <translation>微调运行:</translation>
    </message>
    <message>
        <source>none (train alone)</source>
        <translation>无(单独训练)</translation>
    </message>
    <message>
        <source>none (train from scratch)</source>
        <translation>无(从头训练)</translation>
    </message>
    <message>
        <source>Soft targets:</source>
        <translation>软目标：</translation>
    </message>
    <message>
        <source>Adapters:</source>
        <translation>适配器：</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>宽度：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>层数：</translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation>头数：</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Compute threads. Auto times steps at each count while training and keeps the fastest, again whenever the machine gets busier; a fixed count makes runs bitwise repeatable.</source>
        <translation>计算线程数。“自动”在训练时为每种线程数计时若干步并保留最快的，机器变忙时重新选择；固定线程数可使运行逐位可复现。</translation>
    </message>
    <message>
        <source>Auto (bf16 on this CPU)</source>
        <translation>自动（本机 CPU 为 bf16）</translation>
    </message>
    <message>
        <source>Auto (fp32 on this CPU)</source>
        <translation>自动（本机 CPU 为 fp32）</translation>
    </message>
    <message>
        <source>Precision of the matmuls. Weights, optimizer state, LayerNorm, softmax and the loss stay fp32. bf16 is fast on CPUs with AMX; with AVX512-BF16 alone it is slower than fp32, and elsewhere it is emulated (slower still).</source>
        <translation>矩阵乘法的精度。权重、优化器状态、LayerNorm、softmax 和损失始终为 fp32。bf16 在带 AMX 的 CPU 上很快；仅有 AVX512-BF16 时比 fp32 慢，在其他 CPU 上为模拟（更慢）。</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>%1 parameters with a vocabulary of up to %2 tokens; training needs about %3</source>
        <translation>%1 个参数，词表最多 %2 个词元；训练约需 %3 内存</translation>
    </message>
    <message>
        <source>Rows of the table that word n-grams and character n-grams are hashed into: more rows, fewer collisions, more memory</source>
        <translation>词 n-gram 与字符 n-gram 散列到的表行数：行数越多，冲突越少，占用内存越多</translation>
    </message>
    <message>
        <source>Longest run of consecutive tokens that gets its own vector (1: tokens only, 2: bigrams too)</source>
        <translation>拥有自己向量的最长连续词元序列（1：仅词元，2：还包括二元组）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Lengths of the character n-grams of each token (with &lt; and &gt; marking its ends): they give rare and misspelled words the vectors of their parts</source>
        <translation>每个词元的字符 n-gram 长度（以 &lt; 和 &gt; 标记首尾）：让罕见词和拼错的词获得其组成部分的向量</translation>
    </message>
    <message>
        <source>N-gram buckets:</source>
        <translation>N-gram 桶数：</translation>
    </message>
    <message>
        <source>Word n-grams:</source>
        <translation>词 n-gram：</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Character n-grams:</source>
        <translation>字符 n-gram：</translation>
    </message>
    <message>
        <source>Slanted triangular</source>
        <translation>倾斜三角</translation>
    </message>
    <message>
        <source>Slanted triangular (ULMFiT): the rate rises over the first 10% of steps and falls to 1/32 of its peak; warm-up does not apply to it</source>
        <translation>倾斜三角（ULMFiT）：学习率在前 10% 的步数内上升，然后降到峰值的 1/32；预热对它不适用</translation>
    </message>
    <message>
        <source>÷ </source>
        <translation>÷ </translation>
    </message>
    <message>
        <source>Discriminative learning rates (ULMFiT): each layer down from the head trains at the rate of the one above divided by this; 2.6 is ULMFiT&apos;s choice</source>
        <translation>判别式学习率（ULMFiT）：从输出头往下，每一层的学习率是上一层的学习率除以此值；ULMFiT 取 2.6</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Gradual unfreezing (ULMFiT): only the head trains at first, and one more layer below it every this many steps</source>
        <translation>逐步解冻（ULMFiT）：起初只训练输出头，每隔这么多步再多解冻下面一层</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Train on this many examples drawn at random from the training split (to see what a pretrained model does with few labels); the tokenizer still reads the whole split</source>
        <translation>从训练集中随机抽取这么多样本来训练（看预训练模型在少量标注下的表现）；分词器仍读取整个训练集</translation>
    </message>
    <message>
        <source>Layer rates:</source>
        <translation>逐层学习率：</translation>
    </message>
    <message>
        <source>Unfreeze every:</source>
        <translation>解冻间隔：</translation>
    </message>
    <message>
        <source>Training examples:</source>
        <translation>训练样本数：</translation>
    </message>
    <message>
        <source>%1 — pretrain on the text</source>
        <translation>%1 — 在文本上预训练</translation>
    </message>
    <message>
        <source>The model and tokenizer come from %1; the model settings above are not used.</source>
        <translation>模型和分词器来自 %1；上面的模型设置不会使用。</translation>
    </message>
    <message>
        <source>Spreads this share of each target token&apos;s probability over the vocabulary in the training loss; validation reports the plain cross-entropy</source>
        <translation>在训练损失中把每个目标词元这一比例的概率分摊到整个词表；验证报告未平滑的交叉熵</translation>
    </message>
    <message>
        <source>greedy</source>
        <translation>贪心</translation>
    </message>
    <message>
        <source>Validation decodes every source with a beam this wide to score exact match, error rates, BLEU and chrF; greedy is fastest</source>
        <translation>验证时以此束宽解码每个源文本，用于计算完全匹配率、错误率、BLEU 和 chrF；贪心最快</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>标签平滑：</translation>
    </message>
    <message>
        <source>Decoding beam:</source>
        <translation>解码束宽：</translation>
    </message>
    <message>
        <source>Shared with the source</source>
        <translation>与源共用</translation>
    </message>
    <message>
        <source>Shared: one vocabulary learned from both sides. Its own: the target side split its own way, such as characters in and phoneme words out</source>
        <translation>共用：从两侧学习一个词表。单独：目标侧按自己的方式切分，例如输入是字符、输出是音素词</translation>
    </message>
    <message>
        <source>Target tokenizer:</source>
        <translation>目标分词器：</translation>
    </message>
    <message>
        <source>Pulls every weight towards zero each step (AdamW&apos;s decoupled decay, SGD&apos;s L2 penalty). A bag of n-grams on labels with some noise gains from a strong one, around 1; plain Adam takes none</source>
        <translation>每一步把所有权重拉向零（AdamW 的解耦衰减，SGD 的 L2 惩罚）。标签带有噪声时，n-gram 词袋模型受益于较强的衰减，约为 1；普通 Adam 不使用衰减</translation>
    </message>
    <message>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <source>Train the fine-tuned run&apos;s architecture with the base&apos;s tokenizer from random weights, with the same settings: the run to compare the fine-tune against, to see what pretraining gave</source>
        <translation>以相同设置、随机权重训练微调运行的架构（使用基础运行的分词器）：用来与微调结果比较，看预训练带来了什么</translation>
    </message>
    <message>
        <source>The architecture and tokenizer come from %1, the weights are random; the model settings above are not used.</source>
        <translation>架构和分词器来自 %1，权重是随机的；上面的模型设置不使用。</translation>
    </message>
    <message>
        <source>Random weights</source>
        <translation>随机权重</translation>
    </message>
    <message>
        <source>Choose a word-vector file, or the vectors of a word-vectors run</source>
        <translation>选择词向量文件，或某个词向量运行的向量</translation>
    </message>
    <message>
        <source>Choose a File…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Word vectors (*.txt *.vec *.bin);;All files (*)</source>
        <translation>词向量 (*.txt *.vec *.bin);;所有文件 (*)</translation>
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
        <source>Open a dataset, then start training.</source>
        <translation>请先打开数据集，再开始训练。</translation>
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
    <message>
        <source>Stop after the current step; the checkpoint is kept so the run can be resumed</source>
        <translation>在当前步结束后停止；检查点会保留，之后可以恢复运行</translation>
    </message>
    <message>
        <source>Resuming run %1 from its checkpoint…</source>
        <translation>正在从检查点恢复运行 %1…</translation>
    </message>
    <message>
        <source>Step %1 of %2.</source>
        <translation>第 %1 步，共 %2 步。</translation>
    </message>
    <message>
        <source>Paste Config</source>
        <translation>粘贴配置</translation>
    </message>
    <message>
        <source>Fill the settings from a run configuration (JSON) on the clipboard, as copied in the Compare panel</source>
        <translation>用剪贴板中的运行配置（JSON，例如在“对比”面板中复制的）填写设置</translation>
    </message>
    <message>
        <source>Settings filled from the clipboard.</source>
        <translation>已用剪贴板内容填写设置。</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>That is not a run configuration: %1</source>
        <translation>这不是一个运行配置：%1</translation>
    </message>
    <message>
        <source>Word vectors initialized %1 of %2 token embeddings (%3%).</source>
        <translation>词向量初始化了 %2 个词元嵌入中的 %1 个（%3%）。</translation>
    </message>
    <message>
        <source>#%1 %2 (%3 parameters)</source>
        <translation>#%1 %2(%3 个参数)</translation>
    </message>
    <message>
        <source>Validation exact match %1, token error rate %2.</source>
        <translation>验证完全匹配率 %1，词元错误率 %2。</translation>
    </message>
    <message>
        <source>#%1 %2 (%3)</source>
        <translation>#%1 %2（%3）</translation>
    </message>
    <message>
        <source>A model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Word vectors (word2vec, GloVe)</source>
        <translation>词向量（word2vec、GloVe）</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>训练：</translation>
    </message>
    <message>
        <source>Reading the text and counting words…</source>
        <translation>正在读取文本并统计词…</translation>
    </message>
    <message>
        <source>Word %1 of %2.</source>
        <translation>第 %1 个词，共 %2 个。</translation>
    </message>
    <message>
        <source>%1 words, loss %2, %3 words/s.</source>
        <translation>%1 个词，损失 %2，每秒 %3 词。</translation>
    </message>
    <message>
        <source>Run %1 learned word vectors: %2</source>
        <translation>运行 %1 已学得词向量：%2</translation>
    </message>
    <message>
        <source>A model can start from them under Word vectors &quot;…&quot;; the Projector maps them.</source>
        <translation>模型可在“词向量”的“…”中从它们开始训练；投影器可以展示它们。</translation>
    </message>
    <message>
        <source>Run %1 stopped after %2 words; its vectors so far are kept: %3</source>
        <translation>运行 %1 在 %2 个词后停止；已学得的向量会保留：%3</translation>
    </message>
    <message>
        <source>Learning word vectors failed: %1</source>
        <translation>学习词向量失败：%1</translation>
    </message>
    <message>
        <source>Text VAE (latent space of sentences)</source>
        <translation>文本 VAE（句子的潜空间）</translation>
    </message>
    <message>
        <source>Train a model on the dataset, learn word vectors from its text, or a VAE of its sentences</source>
        <translation>在数据集上训练模型、从其文本学习词向量，或学习其句子的 VAE</translation>
    </message>
    <message>
        <source>Preparing sentences and tokenizer…</source>
        <translation>正在准备句子和分词器…</translation>
    </message>
    <message>
        <source>Run %1 stopped at step %2.</source>
        <translation>运行 %1 停止于第 %2 步。</translation>
    </message>
    <message>
        <source>Validation ELBO %1 nats a sentence (reconstruction %2, KL %3), %4 active latent units.</source>
        <translation>验证 ELBO 为每句 %1 奈特（重构 %2，KL %3），活跃潜变量单元 %4 个。</translation>
    </message>
    <message>
        <source>Importance-weighted NLL %1 (perplexity %2).</source>
        <translation>重要性加权 NLL %1（困惑度 %2）。</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <source>Step %1, following its data (the Data panel lists what arrives).</source>
        <translation>第 %1 步，正在跟随数据（数据面板列出到达的内容）。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::TranslateBox</name>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>&amp;Translate</source>
        <translation>翻译(&amp;T)</translation>
    </message>
    <message>
        <source>Source text, one per line</source>
        <translation>源文本，每行一条</translation>
    </message>
    <message>
        <source>1 decodes greedily; wider beams search more hypotheses</source>
        <translation>1 为贪心解码；束越宽，搜索的候选越多</translation>
    </message>
    <message>
        <source>Outputs come from the run&apos;s latest checkpoint, written at each evaluation.</source>
        <translation>输出来自该运行最新的检查点，每次评估时写入。</translation>
    </message>
    <message>
        <source>Beam:</source>
        <translation>束宽：</translation>
    </message>
    <message>
        <source>This run has no checkpoint yet; one is written at the first evaluation.</source>
        <translation>该运行还没有检查点；第一次评估时会写入。</translation>
    </message>
    <message>
        <source>Type a source to translate, one per line.</source>
        <translation>请输入要翻译的源文本，每行一条。</translation>
    </message>
    <message>
        <source>Decoding…</source>
        <translation>正在解码…</translation>
    </message>
    <message>
        <source>Could not translate: %1</source>
        <translation>无法翻译：%1</translation>
    </message>
    <message>
        <source>(empty: the model ended the target right away)</source>
        <translation>（空：模型立即结束了目标）</translation>
    </message>
    <message>
        <source>search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Above 0, each token is sampled at this temperature instead of searched for (the beam then does not apply)</source>
        <translation>大于 0 时，每个词元按此温度采样而不是搜索（此时束宽不适用）</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Sampling: only the k likeliest tokens</source>
        <translation>采样：只在最可能的 k 个词元中选</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Beams are ranked by log p / length^α: 0 ranks by probability alone (short outputs win), larger values favour longer outputs</source>
        <translation>按 log p / 长度^α 为束排序：0 只按概率排序（短输出占优），值越大越偏向较长的输出</translation>
    </message>
    <message>
        <source>Length α:</source>
        <translation>长度 α：</translation>
    </message>
</context>
<context>
    <name>lathe::gui::TrialsModel</name>
    <message>
        <source>complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
</context>
<context>
    <name>lathe::gui::VaeBox</name>
    <message>
        <source>Latent space</source>
        <translation>潜空间</translation>
    </message>
    <message>
        <source>&amp;Sample</source>
        <translation>采样(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Reconstruct</source>
        <translation>重构(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Interpolate</source>
        <translation>插值(&amp;I)</translation>
    </message>
    <message>
        <source>A sentence</source>
        <translation>一个句子</translation>
    </message>
    <message>
        <source>Another sentence, to interpolate towards</source>
        <translation>另一个句子，作为插值的终点</translation>
    </message>
    <message>
        <source>Sentences to sample from the prior N(0, I)</source>
        <translation>从先验 N(0, I) 采样的句子数</translation>
    </message>
    <message>
        <source>Points along the path, both sentences included</source>
        <translation>路径上的点数，包括两端的句子</translation>
    </message>
    <message>
        <source>Decode the first sentence&apos;s posterior mean: what the latent code keeps of it</source>
        <translation>解码第一个句子的后验均值：潜编码保留了它的哪些内容</translation>
    </message>
    <message>
        <source>Decode evenly spaced points between the two sentences&apos; posterior means</source>
        <translation>解码两个句子后验均值之间等间距的点</translation>
    </message>
    <message>
        <source>Sentences are decoded greedily from the run&apos;s latest checkpoint, written at each evaluation.</source>
        <translation>句子由该运行最新的检查点贪心解码得到，检查点在每次评估时写入。</translation>
    </message>
    <message>
        <source>Samples:</source>
        <translation>样本数：</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Type two sentences to interpolate between.</source>
        <translation>请输入两个句子以在其间插值。</translation>
    </message>
    <message>
        <source>Type a sentence to reconstruct.</source>
        <translation>请输入要重构的句子。</translation>
    </message>
    <message>
        <source>Decoding…</source>
        <translation>正在解码…</translation>
    </message>
    <message>
        <source>Could not decode: %1</source>
        <translation>无法解码：%1</translation>
    </message>
    <message>
        <source>(empty: the decoder ended the sentence at once)</source>
        <translation>（空：解码器立即结束了句子）</translation>
    </message>
</context>
<context>
    <name>lathe::gui::VaeForm</name>
    <message>
        <source>Linear ramp</source>
        <translation>线性上升</translation>
    </message>
    <message>
        <source>Cyclical</source>
        <translation>周期性</translation>
    </message>
    <message>
        <source>None (β = 1)</source>
        <translation>无（β = 1）</translation>
    </message>
    <message>
        <source>How the KL term&apos;s weight β rises from 0 to 1: a rising β lets the encoder learn to carry information before the KL pulls the posterior to the prior</source>
        <translation>KL 项权重 β 如何从 0 升到 1：逐步上升的 β 让编码器在 KL 把后验拉向先验之前学会携带信息</translation>
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
        <source>BPE subwords</source>
        <translation>BPE 子词</translation>
    </message>
    <message>
        <source>A third of the run</source>
        <translation>训练的三分之一</translation>
    </message>
    <message>
        <source>Share of the decoder&apos;s input words replaced by &lt;unk&gt; while training, so it must lean on z</source>
        <translation>训练时解码器输入中被替换为 &lt;unk&gt; 的词的比例，迫使它依赖 z</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Nats per latent dimension below which its KL is not pushed down (Kingma et al. 2016)</source>
        <translation>每个潜变量维度的 KL 低于此奈特数时不再被压低（Kingma 等，2016）</translation>
    </message>
    <message>
        <source>Importance samples of the NLL bound computed at the end (Burda et al. 2016)</source>
        <translation>最后计算 NLL 界时使用的重要性样本数（Burda 等，2016）</translation>
    </message>
    <message>
        <source>Every core</source>
        <translation>所有核心</translation>
    </message>
    <message>
        <source>Embedding size:</source>
        <translation>嵌入维度：</translation>
    </message>
    <message>
        <source>LSTM size:</source>
        <translation>LSTM 大小：</translation>
    </message>
    <message>
        <source>Latent size:</source>
        <translation>潜变量维度：</translation>
    </message>
    <message>
        <source>Sentence length:</source>
        <translation>句子长度：</translation>
    </message>
    <message>
        <source>KL annealing:</source>
        <translation>KL 退火：</translation>
    </message>
    <message>
        <source>Ramp steps:</source>
        <translation>上升步数：</translation>
    </message>
    <message>
        <source>Cycles:</source>
        <translation>周期数：</translation>
    </message>
    <message>
        <source>Word dropout:</source>
        <translation>词丢弃率：</translation>
    </message>
    <message>
        <source>Free bits:</source>
        <translation>Free bits：</translation>
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
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Evaluate every:</source>
        <translation>评估间隔：</translation>
    </message>
    <message>
        <source>IWAE samples:</source>
        <translation>IWAE 样本数：</translation>
    </message>
    <message>
        <source>Tokenizer:</source>
        <translation>分词器：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Learns a latent space of the open dataset&apos;s sentences: the encoder maps each to a Gaussian, the decoder writes it back from a sample z. Live charts the ELBO&apos;s terms and the latent units in use, and warns when the decoder ignores z.</source>
        <translation>为已打开数据集的句子学习一个潜空间：编码器把每个句子映射为高斯分布，解码器从采样的 z 重新写出句子。“实时”面板绘制 ELBO 各项和在用的潜变量单元，并在解码器忽略 z 时发出警告。</translation>
    </message>
</context>
<context>
    <name>lathe::gui::VectorsEvalView</name>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>Covered</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>题数</translation>
    </message>
    <message>
        <source>Word</source>
        <translation>词</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>word1, word2, human score per line (WordSim-353)</source>
        <translation>每行：词1、词2、人工评分（WordSim-353）</translation>
    </message>
    <message>
        <source>&quot;: section&quot; lines, then a b c d (questions-words.txt)</source>
        <translation>“: 分组”行，然后是 a b c d（questions-words.txt）</translation>
    </message>
    <message>
        <source>Type a word</source>
        <translation>输入一个词</translation>
    </message>
    <message>
        <source>Only the most frequent words count, as gensim&apos;s restrict_vocab: a question or pair with a rarer word is not covered</source>
        <translation>只计入最常见的词，与 gensim 的 restrict_vocab 相同：含更罕见词的题目或词对不计入覆盖</translation>
    </message>
    <message>
        <source>Word pairs:</source>
        <translation>词对：</translation>
    </message>
    <message>
        <source>Choose Word Pairs</source>
        <translation>选择词对文件</translation>
    </message>
    <message>
        <source>Analogies:</source>
        <translation>类比题：</translation>
    </message>
    <message>
        <source>Choose Analogy Questions</source>
        <translation>选择类比题文件</translation>
    </message>
    <message>
        <source>Most frequent words:</source>
        <translation>最常见词数：</translation>
    </message>
    <message>
        <source>Neighbours of:</source>
        <translation>近邻词：</translation>
    </message>
    <message>
        <source>Choose a file of word pairs and/or analogy questions, then Evaluate.</source>
        <translation>请选择词对文件和/或类比题文件，然后点击“评估”。</translation>
    </message>
    <message>
        <source>Run %1 has no vectors file (it did not finish, or its folder was moved).</source>
        <translation>运行 %1 没有向量文件（未完成，或其文件夹已被移动）。</translation>
    </message>
    <message>
        <source>Select a word-vectors run in the Runs panel, or open a vectors file.</source>
        <translation>请在“运行”面板中选择一个词向量运行，或打开一个向量文件。</translation>
    </message>
    <message>
        <source>Choose a file of word pairs or of analogy questions first.</source>
        <translation>请先选择词对文件或类比题文件。</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>正在评分…</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Could not evaluate: %1</source>
        <translation>无法评估：%1</translation>
    </message>
    <message>
        <source>Word pairs (%1): Spearman&apos;s ρ %2, Pearson %3, on %4 of %5 pairs (%6% covered).</source>
        <translation>词对（%1）：Spearman ρ %2，Pearson %3，基于 %5 对中的 %4 对（覆盖 %6%）。</translation>
    </message>
    <message>
        <source>No word-pairs file chosen.</source>
        <translation>未选择词对文件。</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not among these %2 words.</source>
        <translation>“%1”不在这 %2 个词中。</translation>
    </message>
    <message>
        <source>%1 words of %2 dimensions loaded.</source>
        <translation>已加载 %1 个 %2 维词向量。</translation>
    </message>
    <message>
        <source>Text files (*.txt *.tsv *.csv);;All files (*)</source>
        <translation>文本文件 (*.txt *.tsv *.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>lathe::gui::VectorsForm</name>
    <message>
        <source>Skip-gram (word2vec)</source>
        <translation>Skip-gram（word2vec）</translation>
    </message>
    <message>
        <source>CBOW (word2vec)</source>
        <translation>CBOW（word2vec）</translation>
    </message>
    <message>
        <source>GloVe</source>
        <translation>GloVe</translation>
    </message>
    <message>
        <source>Skip-gram predicts each context word from a word; CBOW predicts a word from its context (faster, a little weaker on rare words); GloVe fits the logarithms of co-occurrence counts</source>
        <translation>Skip-gram 由一个词预测其每个上下文词；CBOW 由上下文预测该词（更快，对罕见词略弱）；GloVe 拟合共现次数的对数</translation>
    </message>
    <message>
        <source>Words, as the word tokenizer splits them</source>
        <translation>按词分词器切分的词</translation>
    </message>
    <message>
        <source>Whitespace-separated, as written</source>
        <translation>按空白分隔，保持原样</translation>
    </message>
    <message>
        <source>Word tokens are lowercased with punctuation apart: the vectors then match a word-tokenized model&apos;s vocabulary</source>
        <translation>词元转为小写并与标点分开：这样向量与按词分词的模型词表一致</translation>
    </message>
    <message>
        <source>Largest distance between a word and a context word</source>
        <translation>词与上下文词之间的最大距离</translation>
    </message>
    <message>
        <source>Noise words drawn per real one (negative sampling)</source>
        <translation>每个真实词抽取的噪声词数（负采样）</translation>
    </message>
    <message>
        <source>Words seen fewer times are left out</source>
        <translation>出现次数更少的词会被忽略</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Frequent words are dropped at random above this share of the text (0: keep all)</source>
        <translation>占文本比例高于此值的高频词会被随机丢弃（0：全部保留）</translation>
    </message>
    <message>
        <source>word2vec: the starting rate, decayed linearly; GloVe: AdaGrad&apos;s rate</source>
        <translation>word2vec：初始学习率，线性衰减；GloVe：AdaGrad 的学习率</translation>
    </message>
    <message>
        <source>GloVe: co-occurrences counted this often weigh fully, rarer ones less</source>
        <translation>GloVe：共现达到此次数时权重为满，更少的权重更低</translation>
    </message>
    <message>
        <source>Every core</source>
        <translation>所有核心</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Vector size:</source>
        <translation>向量维度：</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>窗口：</translation>
    </message>
    <message>
        <source>Noise words:</source>
        <translation>噪声词数：</translation>
    </message>
    <message>
        <source>Minimum count:</source>
        <translation>最小出现次数：</translation>
    </message>
    <message>
        <source>Subsampling:</source>
        <translation>下采样：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>GloVe x_max:</source>
        <translation>GloVe x_max：</translation>
    </message>
    <message>
        <source>Text as:</source>
        <translation>文本切分：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Learns a vector per word from the open dataset&apos;s text. The run keeps the vectors: the Projector maps them, and a model starts from them under Word vectors &quot;…&quot;.</source>
        <translation>从已打开数据集的文本中为每个词学习一个向量。运行会保存这些向量：投影器可以展示它们，模型可在“词向量”的“…”中从它们开始训练。</translation>
    </message>
</context>
</TS>
