# التصحيحات (المسألة 9): لماذا يُرفض التراجع بلمسة واحدة (src/corrections/model.rs).
corrections-undo-not-yours = وحده { $author } يستطيع التراجع عن هذا التغيير ({ $kind }): اطلبوا من متطوع في المستودع أو من منسّق تصحيحه
corrections-undo-not-last = هذا التغيير ({ $kind }) ليس آخر تغيير لكم: صحّحوه بسبب في صفحته بدلًا من ذلك
corrections-undo-too-late = مضت أكثر من { $minutes } دقائق على هذا التغيير ({ $kind }): صحّحوه بسبب في صفحته بدلًا من ذلك
