# ruff: noqa: E501  (hand-written sentences of the evaluation set; wrapping them hurts review)
"""Hand-written clusters, part B: fisheries, livestock, water, climate. See clusters_a."""

CLUSTERS_B = [
    {
        "key": "es_ikan",
        "themes": ["perikanan"],
        "where": "81.05",
        "happened": [
            "Nelayan tidak bisa menyimpan hasil tangkapan karena tidak ada es balok di desa, ikan cepat busuk.",
            "Es harus dibeli dari Geser dengan harga mahal dan sudah separuh mencair waktu tiba.",
            "Mesin pembuat es bantuan dinas tidak berfungsi karena listrik PLN hanya menyala malam hari.",
            "Hasil tangkapan ikan terbuang karena tidak ada tempat pendingin untuk dibawa ke pasar.",
        ],
        "why": [
            "Listrik desa hanya enam jam sehari dan genset mahal bahan bakarnya.",
            "Tidak ada usaha es di pulau dan kapal pembawa es tidak rutin.",
        ],
        "tried": [
            (
                "BUMDes membeli freezer tenaga surya dan menjual es kepada nelayan. Ikan bisa disimpan sampai kapal datang.",
                "berhasil",
            ),
            (
                "Kelompok nelayan membeli cool box bersama dan menggilir pemakaiannya. Membantu, tetapi es tetap harus dibeli jauh.",
                "sebagian",
            ),
        ],
        "queries": [
            "nelayan butuh es balok, ikan rusak sebelum sampai pasar",
            "tdk ada es, ikan nelayan cepat busuk",
        ],
    },
    {
        "key": "bbm_nelayan",
        "themes": ["perikanan"],
        "where": "81.05",
        "happened": [
            "Nelayan tidak melaut karena bensin dan minyak tanah langka, harga eceran mencapai lima belas ribu per liter.",
            "Solar untuk perahu motor sulit didapat; nelayan harus antre di Bula dan pulang tanpa BBM.",
            "Biaya bahan bakar lebih besar dari hasil tangkapan, nelayan pancing banyak yang berhenti melaut.",
            "Kuota BBM bersubsidi untuk nelayan tidak bisa diambil karena nelayan belum punya kartu Kusuka.",
        ],
        "why": [
            "SPBU dan APMS terdekat jauh, dan kapal pembawa BBM datang tidak menentu.",
            "Nelayan tidak punya surat rekomendasi dan kartu pelaku usaha perikanan untuk membeli BBM subsidi.",
        ],
        "tried": [
            (
                "Desa dibantu dinas perikanan mendata nelayan dan mengurus kartu Kusuka serta surat rekomendasi BBM secara kolektif. Nelayan bisa membeli solar subsidi.",
                "berhasil",
            ),
            (
                "BUMDes membuka pangkalan BBM eceran dengan harga tetap. Pasokan sering kosong.",
                "sebagian",
            ),
        ],
        "queries": [
            "BBM langka nelayan tdk bs melaut",
            "Harga bensin eceran mahal sekali, nelayan kami berhenti melaut. Kartu nelayan juga belum ada.",
        ],
    },
    {
        "key": "ikan_asin_kualitas",
        "themes": ["perikanan", "pemasaran"],
        "where": "81.05",
        "happened": [
            "Ikan asin produksi kelompok perempuan cepat berjamur dan dikembalikan oleh pembeli di Bula.",
            "Ikan kering buatan warga dihinggapi lalat dan ulat saat dijemur, pembeli menolak.",
            "Olahan ikan asin kelompok tidak laku di pasar kabupaten karena terlalu asin dan kemasan seadanya.",
        ],
        "why": [
            "Ikan dijemur di atas tanah dan tidak ada alat pengering saat musim hujan.",
            "Takaran garam tidak tetap dan tidak ada pelatihan pengolahan.",
        ],
        "tried": [
            (
                "Dinas perikanan melatih pengolahan dan memberi rak jemur bertutup kasa. Ikan asin lebih bersih dan laku di toko.",
                "berhasil",
            ),
            (
                "Kelompok mencoba pengering dari plastik UV. Kering lebih cepat, tetapi plastik robek dalam setahun.",
                "sebagian",
            ),
        ],
        "queries": [
            "ikan asin kelompok perempuan berjamur, dikembalikan pembeli",
        ],
    },
    {
        "key": "rumput_laut_penyakit",
        "themes": ["perikanan"],
        "where": "both",
        "happened": [
            "Rumput laut petani terserang penyakit ice-ice, batang memutih dan patah sebelum umur panen.",
            "Budidaya rumput laut gagal panen karena thallus memutih dan rontok di musim pancaroba.",
            "Petani rumput laut di pesisir kehilangan hampir semua bibit karena penyakit putih.",
            "Hasil rumput laut turun dan banyak tali bentangan kosong setelah air laut panas.",
        ],
        "why": [
            "Suhu air laut naik dan arus lemah pada pergantian musim.",
            "Bibit diambil dari hasil panen sendiri berulang kali sehingga mutunya menurun.",
        ],
        "tried": [
            (
                "Kelompok memindahkan lokasi bentangan ke perairan yang lebih dalam dan berarus, dan mengatur jadwal tanam menghindari pancaroba. Panen berikutnya normal.",
                "berhasil",
            ),
            (
                "Desa mendatangkan bibit baru dari kabupaten lain. Tumbuh bagus satu musim lalu terserang lagi.",
                "sebagian",
            ),
        ],
        "queries": [
            "rumput laut kena ice ice, memutih dan patah",
        ],
    },
    {
        "key": "harga_rumput_laut",
        "themes": ["perikanan", "pemasaran"],
        "where": "both",
        "happened": [
            "Harga rumput laut kering turun menjadi enam ribu per kilo dan petani berhenti menanam.",
            "Pembeli rumput laut memotong harga karena rumput laut dianggap kotor dan kadar air tinggi.",
            "Rumput laut kering menumpuk di rumah petani karena pengumpul tidak datang membeli.",
        ],
        "why": [
            "Penjemuran di atas pasir membuat rumput laut kotor dan bercampur garam.",
            "Hanya ada satu pengumpul yang membeli dan dia menunggu harga naik di Surabaya.",
        ],
        "tried": [
            (
                "Kelompok membuat para-para jemur dan menjual bersama langsung ke pabrik lewat koperasi. Harga lebih baik dan pembayaran pasti.",
                "berhasil",
            ),
            ("BUMDes menampung rumput laut warga. Karena harga terus turun, BUMDes rugi.", "tidak"),
        ],
        "queries": [
            "harga rumput laut kering anjlok, pengumpul tdk datang",
        ],
    },
    {
        "key": "cuaca_gelombang_nelayan",
        "themes": ["perikanan", "iklim"],
        "where": "81.05",
        "happened": [
            "Selama musim timur gelombang tinggi, nelayan tidak melaut hampir tiga bulan dan tidak punya penghasilan.",
            "Angin kencang dan ombak besar membuat perahu nelayan pecah di pantai dan alat tangkap hilang.",
            "Nelayan sering terjebak cuaca buruk di laut karena tidak tahu perkiraan cuaca.",
            "Musim ombak memutus perahu ke pasar Geser, hasil laut tidak bisa dijual.",
        ],
        "why": [
            "Nelayan hanya bergantung pada melaut dan tidak punya usaha lain saat musim ombak.",
            "Informasi peringatan cuaca BMKG tidak sampai ke kampung.",
        ],
        "tried": [
            (
                "Kelompok nelayan menanam sayur dan mengolah sagu saat musim ombak sebagai penghasilan pengganti. Kebutuhan dapur bisa tertutup.",
                "sebagian",
            ),
            (
                "Desa memasang papan informasi cuaca dan kepala dusun meneruskan peringatan BMKG lewat pengeras suara masjid. Tidak ada lagi perahu hilang tahun itu.",
                "berhasil",
            ),
            (
                "Warga membangun tambatan perahu di teluk yang terlindung. Perahu lebih aman saat angin kencang.",
                "berhasil",
            ),
        ],
        "queries": [
            "gelombang tinggi musim timur nelayan tdk melaut berbulan2",
            "Waktu ombak besar nelayan tidak ada penghasilan, perahu juga sering rusak di pantai.",
        ],
    },
    {
        "key": "asf_babi",
        "themes": ["peternakan"],
        "where": "53.18",
        "happened": [
            "Babi warga mati mendadak secara beruntun; dalam dua minggu lebih dari seratus ekor mati di desa.",
            "Wabah ASF (demam babi Afrika) menghabiskan ternak babi di beberapa dusun, warga kehilangan tabungan keluarga.",
            "Babi yang sakit demam, kulit kemerahan, tidak mau makan lalu mati dalam beberapa hari.",
            "Warga tetap membeli babi dari pasar untuk acara adat, lalu babi di kandang ikut mati.",
            "Bangkai babi dibuang ke kali dan penyakit menyebar ke kampung di hilir.",
            "Kelompok ternak babi bantuan desa habis semua karena penyakit, kandang kosong.",
        ],
        "why": [
            "Babi dilepas berkeliaran dan diberi makan sisa dapur termasuk daging babi yang tidak dimasak.",
            "Lalu lintas babi untuk pesta adat dan belis tidak diperiksa.",
            "Tidak ada vaksin ASF, dan warga tidak tahu cara biosekuriti kandang.",
        ],
        "tried": [
            (
                "Petugas keswan dan desa melakukan sosialisasi: babi dikandangkan, bangkai dikubur, sisa makanan direbus dulu, babi baru dikarantina dua minggu. Kematian berhenti di dusun yang menjalankan.",
                "berhasil",
            ),
            (
                "Desa membuat peraturan larangan membawa babi dari luar selama wabah. Ditaati sebagian warga, tetapi acara adat tetap mendatangkan babi.",
                "sebagian",
            ),
            (
                "Warga memberi ramuan daun-daunan dan obat cacing pada babi sakit. Babi tetap mati.",
                "tidak",
            ),
        ],
        "queries": [
            "bbi mati bnyk skali di kmpung",
            "babi mati mendadak massal",
            "Banyak babi warga mati, kulit merah dan demam, diduga ASF. Apa yg dilakukan desa lain?",
            "wabah babi mati, bangkai dibuang ke kali",
        ],
    },
    {
        "key": "vaksin_ternak",
        "themes": ["peternakan", "penyuluhan"],
        "where": "both",
        "happened": [
            "Sapi dan kerbau tidak pernah divaksin karena petugas keswan tidak sampai ke desa.",
            "Ayam kampung warga mati serentak setiap pergantian musim, diduga tetelo (ND).",
            "Vaksinasi anjing rabies dan ternak hanya dilakukan di desa dekat jalan raya, desa kami terlewat.",
            "Vaksin ternak yang dibawa petugas rusak karena tidak ada tempat penyimpanan dingin.",
        ],
        "why": [
            "Petugas kesehatan hewan hanya satu orang untuk satu kecamatan.",
            "Warga tidak mengumpulkan ternak pada hari vaksinasi karena ternak dilepas di padang.",
        ],
        "tried": [
            (
                "Desa melatih kader kesehatan hewan dari warga sendiri yang bisa memberi vaksin ayam dan obat cacing. Kematian ayam berkurang.",
                "berhasil",
            ),
            (
                "Kepala dusun mengumumkan jadwal vaksinasi seminggu sebelumnya dan warga mengikat ternak di satu tempat. Cakupan vaksin naik.",
                "berhasil",
            ),
        ],
        "queries": [
            "ternak blm divaksin, petugas keswan tdk datang",
            "ayam kampung mati serentak tiap ganti musim",
        ],
    },
    {
        "key": "pakan_sapi_kemarau",
        "themes": ["peternakan", "iklim"],
        "where": "53.18",
        "happened": [
            "Saat kemarau padang rumput kering dan sapi kurus, beberapa ekor mati kelaparan.",
            "Pakan ternak sulit didapat pada bulan Agustus sampai November, peternak menjual sapi dengan harga murah.",
            "Kuda dan sapi kurus kering di musim kemarau karena tidak ada hijauan makanan ternak.",
            "Sapi bantuan kelompok tidak bertambah berat karena hanya makan rumput kering.",
        ],
        "why": [
            "Tidak ada kebun hijauan pakan dan sisa jerami jagung dibakar.",
            "Padang penggembalaan terbakar setiap tahun.",
        ],
        "tried": [
            (
                "Kelompok menanam lamtoro, gamal dan turi di pagar kebun sebagai pakan cadangan. Ternak lebih sehat saat kemarau.",
                "berhasil",
            ),
            (
                "Penyuluh mengajarkan membuat silase dan jerami fermentasi. Ada yang mencoba tetapi berhenti karena repot.",
                "sebagian",
            ),
        ],
        "queries": [
            "sapi kurus tdk ada pakan saat kemarau",
        ],
    },
    {
        "key": "pencurian_ternak",
        "themes": ["peternakan", "kelembagaan"],
        "where": "53.18",
        "happened": [
            "Kuda dan sapi warga sering hilang dicuri di padang penggembalaan.",
            "Pencurian ternak meningkat menjelang musim pesta adat, warga takut melepas sapi.",
            "Tiga ekor kerbau kelompok hilang dalam satu bulan dan tidak ada yang ditemukan.",
        ],
        "why": [
            "Ternak dilepas jauh dari kampung tanpa penjaga dan tanpa tanda kepemilikan.",
        ],
        "tried": [
            (
                "Desa membuat aturan cap ternak dan surat jalan ternak yang ditandatangani kepala desa untuk setiap penjualan. Pencurian berkurang.",
                "berhasil",
            ),
            ("Warga berjaga bergilir di padang. Berjalan beberapa bulan.", "sebagian"),
        ],
        "queries": [
            "kuda dan sapi sering dicuri di padang",
        ],
    },
    {
        "key": "air_bersih_pipa",
        "themes": ["air"],
        "where": "both",
        "happened": [
            "Pipa air bersih dari mata air ke kampung sering putus dan bocor, warga kembali mengambil air di kali.",
            "Jaringan perpipaan air bersih yang dibangun tahun lalu tidak mengalir ke dusun atas karena tekanan kurang.",
            "Bak penampung air rusak dan pipa tersumbat lumpur setelah hujan besar.",
            "Air dari sarana Pamsimas hanya mengalir ke beberapa rumah, sisanya kering.",
            "Pipa air bersih dipotong warga untuk menyiram kebun sehingga kampung di bawah tidak kebagian air.",
        ],
        "why": [
            "Tidak ada kelompok pengelola dan iuran perawatan, sehingga kerusakan kecil dibiarkan.",
            "Pipa dipasang di atas tanah tanpa ditanam dan terinjak ternak.",
            "Debit mata air turun dan pembagian air tidak diatur.",
        ],
        "tried": [
            (
                "Desa membentuk kelompok pengelola air dengan iuran lima ribu rupiah per bulan per rumah untuk perbaikan. Kerusakan cepat diperbaiki.",
                "berhasil",
            ),
            (
                "Pipa ditanam dan diganti dengan pipa HDPE dari Dana Desa. Air mengalir lebih stabil, tetapi dusun atas masih kurang.",
                "sebagian",
            ),
            ("Kepala desa menegur warga yang memotong pipa. Pemotongan terulang.", "tidak"),
        ],
        "queries": [
            "pipa air bersih bocor dan putus, air tdk sampai ke rumah",
            "air pamsimas tdk ngalir ke dusun atas",
        ],
    },
    {
        "key": "sumur_kering",
        "themes": ["air", "iklim"],
        "where": "53.18",
        "happened": [
            "Sumur warga kering setiap bulan September, ibu-ibu berjalan dua jam mengambil air.",
            "Sumur bor bantuan tidak keluar air lagi setelah setahun, pompa rusak.",
            "Pada musim kemarau satu-satunya sumur kampung airnya keruh dan sedikit, warga antre sampai malam.",
            "Anak-anak terlambat ke sekolah karena harus menimba air di mata air yang jauh saat kemarau.",
        ],
        "why": [
            "Kedalaman sumur dangkal dan musim kemarau makin panjang.",
            "Pompa sumur bor bertenaga genset, BBM mahal dan tidak ada yang bisa memperbaiki mesin.",
        ],
        "tried": [
            (
                "Desa membangun penampungan air hujan (PAH) di rumah-rumah dan di sekolah. Kebutuhan air minum terpenuhi sampai akhir kemarau.",
                "berhasil",
            ),
            (
                "Sumur diperdalam dengan gotong royong. Air keluar lagi tetapi berkurang di puncak kemarau.",
                "sebagian",
            ),
            (
                "Pompa sumur bor diganti dengan pompa tenaga surya. Belum terlihat hasilnya karena baru dipasang.",
                "belum_diketahui",
            ),
        ],
        "queries": [
            "sumur kering musim kemarau, warga jalan jauh ambil air",
        ],
    },
    {
        "key": "irigasi_embung",
        "themes": ["air"],
        "where": "53.18",
        "happened": [
            "Embung desa kering sebelum musim tanam kedua karena airnya bocor ke bawah.",
            "Saluran irigasi sawah tertimbun longsor, petani di hilir tidak bisa menanam padi.",
            "Bendung irigasi kecil jebol saat banjir dan sawah hanya bisa ditanam sekali setahun.",
            "Air embung tidak bisa dialirkan ke kebun karena tidak ada pipa dan pompa.",
            "Pembagian air irigasi menimbulkan pertengkaran antara petani hulu dan hilir.",
        ],
        "why": [
            "Embung dibangun tanpa lapisan kedap dan tidak ada perawatan.",
            "Tidak ada kelompok P3A yang mengatur giliran air dan perbaikan saluran.",
        ],
        "tried": [
            (
                "Petani menghidupkan kembali P3A dan menyepakati jadwal giliran air serta kerja bakti saluran sebulan sekali. Sawah hilir bisa ditanam.",
                "berhasil",
            ),
            ("Embung dilapisi geomembran dari Dana Desa. Air bertahan lebih lama.", "berhasil"),
            (
                "Desa mengusulkan rehabilitasi bendung ke kabupaten lewat musrenbang. Belum ada jawaban.",
                "belum_diketahui",
            ),
        ],
        "queries": [
            "air irigasi sawah tdk sampai ke hilir",
            "embung kering, air tdk cukup untuk tanam kedua",
            "Saluran irigasi rusak dan petani di hulu dan hilir bertengkar soal giliran air sawah.",
        ],
    },
    {
        "key": "kemarau_gagal_tanam",
        "themes": ["iklim"],
        "where": "53.18",
        "happened": [
            "Hujan terlambat datang dua bulan, jagung yang sudah ditanam mati dan petani gagal panen.",
            "Kemarau panjang membuat kebun jagung dan kacang layu, hasil panen tidak cukup untuk makan sampai musim berikut.",
            "Petani menanam setelah hujan pertama, lalu hujan berhenti tiga minggu dan benih tidak tumbuh.",
            "Musim hujan yang pendek membuat padi ladang tidak sempat berisi.",
            "Banyak keluarga kekurangan pangan di bulan Januari karena panen tahun lalu gagal akibat kering.",
        ],
        "why": [
            "Pola hujan berubah dan petani tetap menanam menurut kebiasaan lama.",
            "Petani hanya menanam jagung lokal umur panjang.",
        ],
        "tried": [
            (
                "Penyuluh memperkenalkan jagung dan sorgum umur pendek serta menunggu curah hujan cukup sebelum tanam. Kelompok yang mengikuti tetap panen.",
                "berhasil",
            ),
            (
                "Desa menyimpan cadangan pangan di lumbung desa dari hasil panen baik. Kekurangan pangan tertolong sebagian.",
                "sebagian",
            ),
            ("Benih diminta dari dinas untuk tanam ulang. Benih datang terlambat.", "tidak"),
        ],
        "queries": [
            "musim kering panjang, tanaman mati semua",
            "kemarau panjang gagal panen jagung",
            "hujan terlambat, benih yg sdh ditanam mati semua",
        ],
    },
    {
        "key": "banjir_longsor",
        "themes": ["iklim"],
        "where": "both",
        "happened": [
            "Banjir bandang merusak jembatan dan merendam sawah di sepanjang kali.",
            "Hujan deras beberapa hari menyebabkan longsor yang menutup jalan desa dan merusak kebun.",
            "Air sungai meluap dan masuk ke rumah warga di dataran rendah, beberapa keluarga mengungsi.",
            "Banjir setiap tahun membawa pasir ke sawah dan kebun di tepi sungai.",
        ],
        "why": [
            "Hutan di hulu dibuka untuk kebun dan tebing sungai tidak ada tanaman penahan.",
            "Saluran drainase kampung tersumbat sampah dan sedimen.",
        ],
        "tried": [
            (
                "Warga menanam bambu dan vetiver di tebing sungai dan membuat bronjong dari Dana Desa. Banjir berikutnya tidak merusak sawah.",
                "berhasil",
            ),
            (
                "Desa membentuk tim siaga bencana dan jalur evakuasi. Saat banjir berikut warga mengungsi lebih cepat, kerusakan tetap ada.",
                "sebagian",
            ),
        ],
        "queries": [
            "banjir rendam sawah dan rusak jembatan",
        ],
    },
    {
        "key": "abrasi_pantai",
        "themes": ["iklim"],
        "where": "81.05",
        "happened": [
            "Abrasi pantai mengikis halaman rumah warga, beberapa rumah di tepi pantai harus pindah.",
            "Gelombang pasang merusak talud pantai dan masuk ke kampung.",
            "Pantai kampung mundur beberapa meter dalam lima tahun, pohon kelapa di pinggir pantai tumbang.",
        ],
        "why": [
            "Bakau di sekitar kampung ditebang untuk kayu bakar dan pasir pantai diambil untuk bangunan.",
        ],
        "tried": [
            (
                "Kelompok pemuda menanam bakau dan desa melarang pengambilan pasir pantai lewat peraturan desa. Bakau mulai tumbuh.",
                "sebagian",
            ),
            (
                "Talud pantai dibangun dari Dana Desa. Talud retak dan roboh setelah dua musim ombak.",
                "tidak",
            ),
        ],
        "queries": [
            "abrasi pantai, rumah warga di tepi pantai terancam",
        ],
    },
]
