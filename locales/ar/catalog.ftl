# كلمات الكتالوج المشتركة بين كل الصفحات: حالة الأغراض ومجموعات الفئات.
condition-good = جيد
condition-usable = صالح للاستعمال
condition-needs-drying = يحتاج إلى تجفيف
condition-needs-cleaning = يحتاج إلى تنظيف
condition-needs-repair = يحتاج إلى إصلاح
condition-unusable = غير صالح للاستعمال

group-shelter = المأوى
group-sleeping = النوم
group-cooking = الطبخ
group-clothing = الملابس
group-food = الطعام
group-bikes = الدراجات
group-other = أخرى
