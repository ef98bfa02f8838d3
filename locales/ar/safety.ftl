# صفحة السلامة للتنسيق: القفل الفوري، ونسيان موقع أو متطوع، وسجل التدقيق.
safety-title = السلامة
safety-done-site = أُحيل الموقع إلى التقاعد ونُسي.
safety-done-volunteer = نُسي اسم المستخدم الخاص بالمتطوع.
safety-done = تم.
safety-action-lock = قفل
safety-action-unlock = فتح القفل
safety-action-forget-site = نسيان موقع
safety-action-forget-volunteer = نسيان متطوع
safety-action-forget-notes = محو الملاحظات القديمة
safety-lock-heading = اقفل الآن
safety-lock-what = يُخرج الجميع دفعة واحدة، ويوقف كل مفتاح أُعطي لبرامج أخرى.
safety-lock-encrypted = قاعدة البيانات مشفّرة: يغلقها Haul عندئذ وينسى عبارة المرور ويتوقف. لتشغيله من جديد تلزم عبارة المرور.
safety-lock-plain = قاعدة البيانات غير مشفّرة: بعد القفل لا يستطيع أحد تسجيل الدخول حتى يعيد الشخص الذي يدير خادم Haul فتح الدخول من الخادم نفسه. ويستطيع أيضاً تشفير القاعدة (يشرح docs/operations.md الطريقة).
safety-lock-button = اقفل الآن…
safety-site-heading = إحالة موقع إلى التقاعد ونسيانه
safety-site-what = يُستبدل اسمه الرمزي وعنوانه بتسمية محايدة في كل مكان؛ وتبقى الكميات وكل ما أُرسل إليه.
safety-site-none = لا يوجد موقع لنسيانه.
safety-site-label = الموقع
safety-site-button = انسَ هذا الموقع…
safety-volunteer-heading = نسيان متطوع
safety-volunteer-what = يُستبدل اسم المستخدم الخاص به بتسمية محايدة في كل ما سجّله؛ ولا يعود حسابه قادرًا على تسجيل الدخول.
safety-volunteer-none = لا يوجد متطوع آخر لنسيانه.
safety-volunteer-label = المتطوع
safety-volunteer-option = { $handle } ({ $role })
safety-volunteer-button = انسَ هذا المتطوع…
safety-notes-heading = نسيان الملاحظات القديمة
safety-notes-set = { $days ->
    [one] تُمحى الملاحظات والأسباب و«صرّح به» الأقدم من يوم واحد عند تشغيل Haul ثم كل ساعة.
    [two] تُمحى الملاحظات والأسباب و«صرّح به» الأقدم من يومين عند تشغيل Haul ثم كل ساعة.
    [few] تُمحى الملاحظات والأسباب و«صرّح به» الأقدم من { $days } أيام عند تشغيل Haul ثم كل ساعة.
   *[other] تُمحى الملاحظات والأسباب و«صرّح به» الأقدم من { $days } يوماً عند تشغيل Haul ثم كل ساعة.
}
safety-notes-kept = تُحفظ الملاحظات القديمة. يستطيع الشخص الذي يدير خادم Haul أن يجعل الملاحظات والأسباب و«صرّح به» تُمحى بعد عدد من الأيام، 90 مثلاً (يشرح docs/operations.md الطريقة).
safety-audit-heading = ما قُفل أو نُسي
safety-audit-none = لا شيء بعد.
safety-audit-when = متى (UTC)
safety-audit-who = من
safety-audit-what = ماذا
safety-lock-confirm-encrypted = يُخرَج الجميع الآن، ويغلق Haul قاعدة البيانات وينسى عبارة المرور ويتوقف. لا يستطيع أحد استعمال Haul حتى يُشغَّل من جديد بعبارة المرور.
safety-lock-confirm-plain = يُخرَج الجميع الآن، وأنت أيضاً، ولا يستطيع أحد تسجيل الدخول حتى يعيد الشخص الذي يدير خادم Haul فتح الدخول من الخادم نفسه.
safety-lock-question = أتقفل Haul الآن؟
safety-lock-confirm-button = اقفل الآن
safety-locked-heading = Haul مقفل
safety-locked-title = مقفل
safety-locked-encrypted = خرج الجميع. أُغلقت قاعدة البيانات ونُسيت عبارة المرور؛ وتوقف Haul. شغّله من جديد بعبارة المرور.
safety-locked-plain = خرج الجميع. لا يستطيع أحد تسجيل الدخول حتى يعيد الشخص الذي يدير خادم Haul فتح الدخول من الخادم نفسه.
safety-site-choose = اختر موقعًا من القائمة.
safety-site-confirm = أتحيل { $site } إلى التقاعد وتنسى اسمه الرمزي؟ سيصبح في كل مكان يعرضه Haul تسمية محايدة مثل «retired-site-1». تبقى كمياته. لا يمكن التراجع عن هذا.
safety-site-confirm-address = أتحيل { $site } إلى التقاعد وتنسى اسمه الرمزي وعنوانه؟ سيصبح في كل مكان يعرضه Haul تسمية محايدة مثل «retired-site-1». تبقى كمياته. لا يمكن التراجع عن هذا.
safety-site-question = أتحيل هذا الموقع إلى التقاعد وتنساه؟
safety-site-confirm-button = أحِله إلى التقاعد وانسَه
safety-nothing-forgotten = لم يُنسَ شيء: { $why }.
safety-volunteer-choose = اختر متطوعًا آخر من القائمة.
safety-volunteer-confirm = أتنسى { $handle }؟ سيظهر «forgotten-volunteer-N» بدلًا منه في كل ما سجّله، ولن يعود الحساب قادرًا على تسجيل الدخول. لا يمكن التراجع عن هذا.
safety-volunteer-question = أتنسى هذا المتطوع؟
safety-volunteer-confirm-button = انسَه
safety-not-yourself = لم يُنسَ شيء: على منسّق آخر أن ينساك أنت.

# سطر من سجل التدقيق، يُصاغ من الوقائع المحفوظة (src/safety/mod.rs).
safety-facts-locked-plain = أُلغيت كل الرموز و{ $sessions ->
    [one] جلسة واحدة
   *[other] { $sessions } جلسات
}؛ تسجيل الدخول مرفوض حتى `haul unlock`
safety-facts-locked-encrypted = أُلغيت كل الرموز و{ $sessions ->
    [one] جلسة واحدة
   *[other] { $sessions } جلسات
}؛ أغلق الخادم قاعدة البيانات المشفّرة ونسي مفتاحها
safety-facts-unlocked = سُمح بتسجيل الدخول من جديد
safety-facts-notes-forgotten = مُحيت { $n ->
    [one] ملاحظة أو سبب أو مصدر واحد
   *[other] { $n } من الملاحظات والأسباب والمصادر
} أقدم من { $days } يومًا
