# ruff: noqa: E501  (hand-written sentences of the evaluation set; wrapping them hurts review)
"""Hand-written clusters, part A: village finance, BUMDes, marketing, pests, extension.

Each cluster is one underlying problem as different villages wrote it down. ``happened`` has one
entry per lesson (a different village's wording); ``why`` and ``tried`` are pools the lessons of
the cluster draw from, because neighbouring villages often share causes and attempts.
``queries`` are challenge texts typed in a meeting that this cluster truly answers.
"""

CLUSTERS_A = [
    {
        "key": "spj_terlambat",
        "themes": ["keuangan_desa"],
        "where": "both",
        "happened": [
            "Pencairan Dana Desa tahap II tertunda hampir tiga bulan karena SPJ tahap I belum lengkap diserahkan ke kecamatan.",
            "Laporan pertanggungjawaban penggunaan DD terlambat masuk, akibatnya dana tahap berikutnya tidak bisa dicairkan dan pembangunan jalan tani berhenti.",
            "Berkas SPJ dikembalikan dua kali oleh kecamatan karena kuitansi dan nota belanja tidak sesuai dengan RAB.",
            "Bendahara desa kesulitan menyusun laporan realisasi, sehingga desa masuk daftar desa yang terlambat menyampaikan pertanggungjawaban.",
            "Dana Desa tahap ketiga tidak cair sampai bulan Desember karena dokumen pertanggungjawaban kegiatan fisik belum diverifikasi.",
            "Kegiatan pengadaan bibit sudah selesai tetapi bukti pengeluaran tidak lengkap, jadi laporan tidak diterima dan pencairan tahap berikut tertahan.",
        ],
        "why": [
            "Bendahara baru diganti dan belum pernah dilatih membuat SPJ; arsip kuitansi tercecer di rumah pelaksana kegiatan.",
            "Jaringan internet tidak ada sehingga input Siskeudes harus dibawa ke kota kecamatan, dan perangkat desa jarang ke sana.",
            "TPK tidak mengumpulkan nota belanja tepat waktu dan tidak ada jadwal penyusunan laporan.",
        ],
        "tried": [
            (
                "Pendamping desa mengadakan klinik SPJ dua hari di kantor camat; bendahara dan TPK menyusun ulang laporan bersama. Laporan diterima dan dana cair sebulan kemudian.",
                "berhasil",
            ),
            (
                "Desa membuat map arsip per kegiatan dan aturan bahwa nota harus diserahkan ke bendahara paling lambat tiga hari setelah belanja. Keterlambatan berkurang tetapi belum hilang.",
                "sebagian",
            ),
            (
                "Sekdes meminta bantuan operator Siskeudes kecamatan untuk input data sekali seminggu. Pencairan tahap berikut lebih cepat.",
                "berhasil",
            ),
        ],
        "queries": [
            "spj blm selesai dana tahap 2 tertahan",
            "DD tahap 2 blm cair krn SPJ tahap 1 blm lengkap",
            "Laporan pertanggungjawaban dana desa kami selalu terlambat dan dikembalikan kecamatan karena kuitansi tidak cocok. Akibatnya pencairan tahap berikutnya tertunda dan pekerjaan fisik berhenti.",
        ],
    },
    {
        "key": "siskeudes_operator",
        "themes": ["keuangan_desa", "keterampilan"],
        "where": "both",
        "happened": [
            "Operator Siskeudes desa pindah kerja ke Ambon dan tidak ada lagi yang bisa menjalankan aplikasi keuangan desa.",
            "Hanya satu orang perangkat yang paham aplikasi Siskeudes; ketika dia sakit, penyusunan APBDes perubahan terhenti.",
            "Komputer desa rusak dan data Siskeudes tidak pernah dicadangkan, sehingga data setahun harus diinput ulang.",
            "Kaur keuangan belum bisa mengoperasikan komputer, semua pekerjaan aplikasi keuangan diserahkan ke operator honorer yang sering tidak masuk.",
        ],
        "why": [
            "Pelatihan aplikasi hanya diberikan kepada satu orang dan tidak ada penggantinya.",
            "Honor operator kecil dan tidak dibayar rutin, sehingga orang yang terlatih mencari kerja lain.",
        ],
        "tried": [
            (
                "Kecamatan melatih dua perangkat tambahan per desa dan membuat jadwal pendampingan operator. Sekarang ada cadangan operator di desa.",
                "berhasil",
            ),
            (
                "Desa membeli harddisk eksternal dan membuat kebiasaan menyalin data setiap akhir bulan. Data aman, tetapi kemampuan perangkat belum merata.",
                "sebagian",
            ),
            (
                "Kepala desa meminta operator desa tetangga membantu sementara. Bisa jalan beberapa bulan, lalu operator itu sibuk dengan desanya sendiri.",
                "tidak",
            ),
        ],
        "queries": [
            "operator siskeudes keluar, tdk ada yg bisa input",
            "Hanya satu orang di kantor desa yang bisa pakai aplikasi keuangan, kalau dia tidak ada semua laporan macet.",
        ],
    },
    {
        "key": "silpa_besar",
        "themes": ["keuangan_desa"],
        "where": "both",
        "happened": [
            "SiLPA desa tahun lalu besar karena banyak kegiatan fisik tidak selesai dikerjakan sampai akhir tahun anggaran.",
            "Sisa anggaran mencapai hampir dua ratus juta rupiah karena pengadaan material terlambat dan tukang tidak tersedia.",
            "Inspektorat menegur desa karena sisa lebih pembiayaan anggaran terlalu tinggi dua tahun berturut-turut.",
            "Banyak kegiatan yang sudah dianggarkan dalam APBDes tidak terlaksana, sehingga uang mengendap di rekening kas desa.",
        ],
        "why": [
            "Dana baru cair di akhir tahun, sementara material semen dan besi harus didatangkan dengan kapal dari Bula.",
            "Perencanaan kegiatan tidak memperhitungkan musim hujan, ketika jalan ke lokasi tidak bisa dilalui truk.",
        ],
        "tried": [
            (
                "Desa memindahkan jadwal kegiatan fisik ke awal tahun dan memesan material sebelum musim ombak. SiLPA tahun berikutnya turun jauh.",
                "berhasil",
            ),
            (
                "Kegiatan yang tidak terlaksana dimasukkan kembali dalam APBDes perubahan. Sebagian bisa selesai, sisanya tetap jadi SiLPA.",
                "sebagian",
            ),
        ],
        "queries": [
            "silpa terlalu besar, kegiatan fisik tdk selesai akhir tahun",
        ],
    },
    {
        "key": "bumdes_modal_macet",
        "themes": ["bumdes"],
        "where": "both",
        "happened": [
            "Penyertaan modal BUMDes untuk simpan pinjam tidak kembali karena banyak warga yang meminjam tidak mengangsur.",
            "Unit simpan pinjam BUMDes macet; dari lima puluh juta yang dipinjamkan, baru sepertiga yang kembali.",
            "Pinjaman bergulir dari BUMDes kepada kelompok ternak tidak dibayar kembali, modal usaha habis.",
            "Kredit macet di BUMDes membuat pengurus tidak berani lagi menyalurkan modal ke anggota.",
            "Warga menganggap uang BUMDes adalah bantuan pemerintah sehingga tidak merasa wajib mengembalikan pinjaman.",
        ],
        "why": [
            "Tidak ada seleksi peminjam dan tidak ada perjanjian tertulis; pinjaman diberikan kepada keluarga pengurus.",
            "Warga menganggap dana dari desa adalah hibah, bukan pinjaman yang harus dikembalikan.",
            "Usaha peminjam gagal karena harga hasil bumi turun, sehingga mereka tidak mampu membayar.",
        ],
        "tried": [
            (
                "Pengurus menagih bersama tokoh adat dan kepala dusun, dan memberi keringanan angsuran. Sebagian pinjaman kembali.",
                "sebagian",
            ),
            (
                "BUMDes mengganti pinjaman uang dengan pinjaman barang (bibit, pakan) yang dibayar saat panen, dengan perjanjian ditandatangani saksi. Pengembalian jauh lebih baik.",
                "berhasil",
            ),
            (
                "Masalah dibawa ke musyawarah desa dan nama-nama penunggak diumumkan. Warga tersinggung dan tetap tidak membayar.",
                "tidak",
            ),
        ],
        "queries": [
            "pinjaman bumdes mcet, angsuran tdk dbayar",
            "pinjaman bumdes tdk dikembalikan warga, modal habis",
            "Simpan pinjam BUMDes kami macet. Warga pikir itu bantuan jadi tidak mau bayar angsuran. Pengurus bingung bagaimana menagih.",
        ],
    },
    {
        "key": "bumdes_tidak_aktif",
        "themes": ["bumdes", "kelembagaan"],
        "where": "both",
        "happened": [
            "BUMDes sudah dibentuk tiga tahun tetapi tidak punya usaha yang berjalan; pengurus tidak pernah rapat.",
            "Usaha penyewaan tenda dan kursi milik BUMDes berhenti, barang-barangnya rusak dan tidak ada laporan keuangan.",
            "Pengurus BUMDes tidak aktif karena tidak digaji, kios BUMDes tutup sejak pertengahan tahun.",
            "BUMDes hanya ada di atas kertas; modal disimpan di rekening tanpa rencana usaha.",
        ],
        "why": [
            "Jenis usaha dipilih tanpa melihat kebutuhan warga dan tanpa hitungan untung rugi.",
            "Pengurus dipilih karena kedekatan dengan kepala desa, bukan karena kemampuan berusaha.",
        ],
        "tried": [
            (
                "Desa mengadakan musyawarah untuk memilih ulang pengurus dan menyusun rencana usaha sederhana dengan pendamping. BUMDes mulai menjual pupuk dan BBM eceran.",
                "berhasil",
            ),
            (
                "Kecamatan mengundang BUMDes yang berhasil dari desa lain untuk berbagi cerita. Pengurus bersemangat, tetapi usaha baru belum dimulai.",
                "belum_diketahui",
            ),
        ],
        "queries": [
            "bumdes tdk jalan, pengurus tidak aktif, usaha berhenti",
        ],
    },
    {
        "key": "tengkulak_kopra",
        "themes": ["pemasaran"],
        "where": "81.05",
        "happened": [
            "Harga kopra di tingkat petani sangat rendah karena hanya ada satu pedagang pengumpul yang datang ke desa.",
            "Petani kelapa menjual kopra kepada tengkulak dengan harga jauh di bawah harga di Bula, karena sudah berutang sebelum panen.",
            "Pembeli kopra dari luar menentukan harga sendiri dan memotong timbangan dengan alasan kadar air tinggi.",
            "Warga terikat utang beras dan rokok kepada pedagang, sehingga kopra harus dijual kepadanya berapa pun harganya.",
            "Harga kopra turun drastis menjadi empat ribu rupiah per kilo dan petani berhenti memanen kelapa.",
        ],
        "why": [
            "Tidak ada kapal rutin untuk membawa kopra sendiri ke pasar, ongkos angkut mahal.",
            "Petani tidak tahu harga di pasar kabupaten dan tidak punya tempat penyimpanan.",
            "Kopra petani kualitasnya rendah karena diasap dan kurang kering, sehingga mudah ditawar murah.",
        ],
        "tried": [
            (
                "Kelompok tani menjual kopra bersama dan menyewa satu perahu motor ke Bula setiap bulan. Harga yang diterima naik sekitar seribu rupiah per kilo.",
                "berhasil",
            ),
            (
                "BUMDes membeli kopra dari warga dengan harga sedikit lebih tinggi, tetapi modal cepat habis karena pembayaran dari pembeli besar lambat.",
                "sebagian",
            ),
            (
                "Penyuluh mengajarkan pengeringan kopra dengan para-para tenaga surya supaya kualitas putih. Pembeli mau membayar lebih untuk kopra putih.",
                "berhasil",
            ),
        ],
        "queries": [
            "kopra dbeli murah sm pedagang pengumpul",
            "harga kopra murah dimainkan tengkulak",
            "Petani kelapa di desa kami terikat utang dengan pedagang pengumpul, kopra dibeli murah dan timbangan dipotong.",
        ],
    },
    {
        "key": "papalele_ikan",
        "themes": ["pemasaran", "perikanan"],
        "where": "81.05",
        "happened": [
            "Nelayan menjual ikan kepada papalele dengan harga sangat murah karena ikan harus segera laku sebelum busuk.",
            "Papalele dari pulau sebelah menentukan harga ikan, nelayan tidak punya pilihan karena tidak ada pembeli lain.",
            "Saat musim ikan banyak, harga jatuh sampai ikan cakalang dijual per tumpuk dengan harga sepuluh ribu.",
            "Ibu-ibu papalele di desa kesulitan modal untuk membeli ikan nelayan sehingga sebagian hasil tangkapan terbuang.",
        ],
        "why": [
            "Tidak ada es dan cool box, ikan tidak tahan lebih dari setengah hari.",
            "Pasar terdekat jauh dan perahu hanya berangkat dua kali seminggu.",
        ],
        "tried": [
            (
                "Kelompok nelayan mengolah kelebihan ikan menjadi ikan asin dan ikan asap untuk dijual di pasar kecamatan. Pendapatan saat musim ikan lebih stabil.",
                "berhasil",
            ),
            (
                "Desa mengusulkan mesin es ke dinas perikanan. Usulan diterima tetapi mesin belum datang.",
                "belum_diketahui",
            ),
            (
                "BUMDes memberi pinjaman modal kecil kepada papalele perempuan. Lebih banyak ikan terbeli, tetapi harga tetap ditentukan pembeli dari luar.",
                "sebagian",
            ),
        ],
        "queries": [
            "harga ikan jatuh, dibeli murah papalele",
            "Nelayan trpaksa jual ikan murah ke papalele krn tdk ada es",
        ],
    },
    {
        "key": "harga_mete",
        "themes": ["pemasaran"],
        "where": "53.18",
        "happened": [
            "Harga jambu mete gelondongan turun dari lima belas ribu menjadi delapan ribu rupiah per kilo saat panen raya.",
            "Pembeli mete dari Waitabula datang dan membeli dengan harga rendah karena semua petani panen bersamaan.",
            "Petani mete menjual hasil panen sebelum waktunya kepada pengijon untuk kebutuhan sekolah anak.",
            "Mete kami dibeli murah karena dianggap basah dan banyak biji kosong.",
        ],
        "why": [
            "Tidak ada gudang untuk menyimpan mete sampai harga naik, dan petani butuh uang tunai cepat.",
            "Petani tidak menjemur dan menyortir mete sehingga kualitas dinilai rendah.",
        ],
        "tried": [
            (
                "Kelompok tani menyimpan mete di gudang desa dan menjual bersama dua bulan setelah panen. Harga lebih baik sekitar tiga ribu per kilo.",
                "berhasil",
            ),
            (
                "Penyuluh melatih penjemuran dan sortasi. Sebagian petani mengikuti, tetapi pembeli tetap membayar harga yang sama untuk semua.",
                "sebagian",
            ),
            (
                "BUMDes mencoba mengupas mete sendiri agar dijual sebagai kacang mete. Alat pengupas rusak dan usaha berhenti.",
                "tidak",
            ),
        ],
        "queries": [
            "harga mete anjlok waktu panen raya",
            "Petani jambu mete jual ke pengijon sblm panen, harganya rendah sekali",
        ],
    },
    {
        "key": "harga_cengkeh_pala",
        "themes": ["pemasaran"],
        "where": "81.05",
        "happened": [
            "Harga cengkeh turun tajam pada musim panen dan petani tidak punya pilihan selain menjual ke pedagang di desa.",
            "Pala dan fuli dijual ke pedagang dengan harga rendah karena petani tidak tahu harga di Ambon.",
            "Petani cengkeh meminjam uang kepada pedagang sebelum panen dan harus membayar dengan cengkeh berharga murah.",
            "Cengkeh yang dipetik kurang matang dan dijemur di tanah, sehingga pedagang membayar murah.",
        ],
        "why": [
            "Informasi harga pasar tidak sampai ke desa karena sinyal telepon lemah.",
            "Petani butuh uang sebelum panen untuk sekolah dan hari raya.",
        ],
        "tried": [
            (
                "Kelompok tani mulai memantau harga lewat grup WhatsApp dengan petani di Bula dan menunda penjualan. Harga yang diterima lebih baik.",
                "berhasil",
            ),
            (
                "Desa membuat lantai jemur semen bersama dan melatih panen tepat waktu. Kualitas naik tetapi harga masih ditentukan pedagang.",
                "sebagian",
            ),
        ],
        "queries": [
            "harga cengkeh dan pala dipermainkan pedagang",
        ],
    },
    {
        "key": "ulat_grayak_jagung",
        "themes": ["hama"],
        "where": "53.18",
        "happened": [
            "Tanaman jagung umur tiga minggu diserang ulat grayak, daun muda habis dan titik tumbuh rusak.",
            "Serangan ulat grayak di kebun jagung meluas ke hampir semua kebun di dusun, petani menanam ulang dua kali.",
            "Ulat yang memakan pucuk jagung muncul setelah hujan pertama dan sulit dibasmi dengan semprotan biasa.",
            "Panen jagung turun hampir setengah karena hama ulat pada daun dan tongkol.",
            "Petani melaporkan ulat grayak jagung (Spodoptera) menyerang kebun di lahan kering, kotoran ulat terlihat di pucuk.",
            "Jagung petani rusak dimakan ulat, banyak yang tidak jadi tongkol.",
        ],
        "why": [
            "Penanaman tidak serentak sehingga ulat berpindah dari kebun yang satu ke kebun yang lain.",
            "Petani menyemprot dengan dosis dan waktu yang salah, ulat bersembunyi di dalam gulungan daun.",
            "Benih jagung dari bantuan terlambat datang sehingga tanam mundur ke puncak serangan hama.",
        ],
        "tried": [
            (
                "Penyuluh mengajarkan pengamatan pagi hari dan penyemprotan tepat ke pucuk saat ulat masih kecil; kelompok menanam serentak musim berikutnya. Serangan jauh berkurang.",
                "berhasil",
            ),
            (
                "Petani mencoba abu dapur dan pasir ditaburkan ke pucuk jagung. Membantu di kebun kecil, tidak cukup di kebun luas.",
                "sebagian",
            ),
            (
                "Desa membeli insektisida dari Dana Desa dan membagikannya. Karena tidak ada pelatihan, banyak yang menyemprot terlalu encer dan ulat tetap ada.",
                "tidak",
            ),
        ],
        "queries": [
            "ulat grayak di jagung",
            "ulat grayak serang jagung",
            "jagung rusak dimakan ulat, daun bolong2, sdh semprot tp tdk mempan",
            "Tanaman jagung kelompok tani kami habis dimakan ulat di pucuk. Petani sudah tanam ulang tapi ulatnya datang lagi. Apa yang sudah dicoba desa lain?",
        ],
    },
    {
        "key": "wereng_padi",
        "themes": ["hama"],
        "where": "53.18",
        "happened": [
            "Sawah di dataran Wewewa diserang wereng coklat, padi menguning dan mengering seperti terbakar.",
            "Hama wereng menyerang padi sawah menjelang bunting, sebagian petak puso.",
            "Padi petani mati kering berbentuk lingkaran di tengah petak; setelah diperiksa ternyata wereng di pangkal batang.",
            "Serangan wereng batang coklat terjadi lagi pada musim tanam kedua, hasil gabah turun drastis.",
        ],
        "why": [
            "Petani menanam varietas yang sama terus-menerus dan memakai pupuk urea terlalu banyak.",
            "Tanam tidak serentak dalam satu hamparan, wereng berpindah dari petak ke petak.",
        ],
        "tried": [
            (
                "Petugas POPT dan penyuluh mengajak tanam serentak, pergiliran varietas dan mengurangi urea. Musim berikutnya serangan kecil.",
                "berhasil",
            ),
            (
                "Petani menyemprot insektisida berulang-ulang. Wereng berkurang sebentar lalu muncul lagi lebih banyak.",
                "tidak",
            ),
        ],
        "queries": [
            "padi kena wereng, menguning kering spt terbakar",
        ],
    },
    {
        "key": "penggerek_batang",
        "themes": ["hama"],
        "where": "53.18",
        "happened": [
            "Penggerek batang menyerang padi, banyak malai hampa berwarna putih (beluk).",
            "Batang padi berlubang dan anakan mati (sundep) di hampir semua petak sawah dusun.",
            "Hama penggerek batang muncul setelah kelompok menanam padi terlambat, hasil panen turun sepertiga.",
        ],
        "why": [
            "Jerami dan tunggul sisa panen tidak dibersihkan sehingga ngengat berkembang biak.",
            "Waktu tanam berbeda-beda antar petani dalam satu hamparan.",
        ],
        "tried": [
            (
                "Kelompok mengumpulkan kelompok telur di persemaian dan membersihkan tunggul sisa panen. Serangan turun musim berikutnya.",
                "berhasil",
            ),
            (
                "Petani memasang lampu perangkap ngengat di pematang. Banyak ngengat tertangkap, tetapi tidak semua petani ikut.",
                "sebagian",
            ),
        ],
        "queries": [
            "penggerek batang padi, malai putih hampa",
        ],
    },
    {
        "key": "busuk_buah_kakao",
        "themes": ["hama"],
        "where": "81.05",
        "happened": [
            "Buah kakao membusuk dan menghitam sebelum dipanen, hampir separuh buah di kebun rusak.",
            "Penyakit busuk buah menyerang kebun coklat di musim hujan, buah menjadi hitam dan berjamur.",
            "Kakao petani banyak yang busuk di pohon dan bijinya lengket, pedagang menolak membeli.",
            "Serangan penggerek buah kakao dan busuk buah membuat produksi kebun turun terus tiga tahun terakhir.",
            "Buah coklat bercak coklat lalu busuk, petani mengira karena hujan terus.",
        ],
        "why": [
            "Kebun terlalu rimbun dan lembab karena pohon pelindung dan kakao tidak pernah dipangkas.",
            "Buah busuk dibiarkan di pohon atau dibuang di bawah pohon sehingga jamur menyebar.",
        ],
        "tried": [
            (
                "Penyuluh mengajarkan pemangkasan dan sanitasi kebun: buah busuk dipetik dan ditanam di lubang. Buah sehat bertambah musim berikutnya.",
                "berhasil",
            ),
            (
                "Kelompok tani mencoba sarungisasi buah dengan plastik. Efektif tetapi makan waktu, hanya sebagian petani meneruskan.",
                "sebagian",
            ),
            ("Desa membeli fungisida untuk dibagikan. Tanpa pemangkasan hasilnya kecil.", "tidak"),
        ],
        "queries": [
            "coklat busuk buahnya",
            "buah kakao busuk hitam di pohon",
            "Kebun coklat kami banyak buah busuk berjamur saat musim hujan, apa yang sudah dicoba desa lain?",
        ],
    },
    {
        "key": "hama_babi_hutan_monyet",
        "themes": ["hama"],
        "where": "81.05",
        "happened": [
            "Babi hutan merusak kebun ubi dan jagung warga pada malam hari, tanaman dibongkar habis.",
            "Kebun kasbi dan pisang di dekat hutan selalu dirusak babi hutan menjelang panen.",
            "Petani berhenti menanam di kebun atas karena serangan babi hutan dan kera.",
        ],
        "why": [
            "Hutan di sekitar kebun makin sempit sehingga babi hutan mencari makan ke kebun.",
            "Pagar kebun dari kayu mudah dibongkar dan tidak dirawat.",
        ],
        "tried": [
            (
                "Warga membuat pagar bersama dari bambu dan kawat berduri mengelilingi satu hamparan kebun. Kerusakan berkurang banyak.",
                "berhasil",
            ),
            (
                "Ronda malam bergilir di kebun. Efektif beberapa minggu, lalu warga lelah.",
                "sebagian",
            ),
        ],
        "queries": [
            "kebun dirusak babi hutan malam hari",
        ],
    },
    {
        "key": "penyuluh_tidak_datang",
        "themes": ["penyuluhan"],
        "where": "both",
        "happened": [
            "Penyuluh pertanian lapangan jarang datang ke desa, dalam setahun hanya dua kali kunjungan.",
            "Kelompok tani tidak pernah didampingi PPL karena satu penyuluh menangani tujuh desa.",
            "Petani tidak tahu siapa penyuluh wilayahnya; jadwal kunjungan tidak pernah diumumkan.",
            "Penyuluh tinggal di kota kabupaten dan hanya datang kalau ada pembagian bantuan.",
            "Pertemuan kelompok tani sering batal karena PPL tidak datang sesuai janji.",
        ],
        "why": [
            "Jumlah penyuluh sangat kurang dan biaya transport ke desa terpencil tidak ditanggung.",
            "Jalan ke desa rusak dan di musim hujan hanya bisa ditempuh dengan ojek atau jalan kaki.",
        ],
        "tried": [
            (
                "Desa menganggarkan biaya transport penyuluh dari Dana Desa dan menyepakati jadwal kunjungan bulanan tertulis. Kunjungan menjadi rutin.",
                "berhasil",
            ),
            (
                "Kelompok tani menunjuk petani andalan yang dilatih di BPP lalu melatih anggota lain. Pengetahuan menyebar walau PPL jarang datang.",
                "berhasil",
            ),
            (
                "Kepala desa mengirim surat keluhan ke dinas pertanian. Tidak ada tanggapan.",
                "tidak",
            ),
        ],
        "queries": [
            "penyulu pertanian tdk prnah turun k desa",
            "pnyuluh tdk pernah datang ke desa",
            "PPL jarang turun, kelompok tani tidak ada pendampingan sama sekali",
        ],
    },
    {
        "key": "pendamping_desa",
        "themes": ["penyuluhan", "kelembagaan"],
        "where": "both",
        "happened": [
            "Pendamping desa jarang hadir dalam musyawarah desa sehingga dokumen RKPDes disusun tanpa bimbingan.",
            "Pendamping lokal desa memegang lima desa dan tidak sempat membantu penyusunan APBDes kami.",
            "Posisi pendamping desa kosong selama enam bulan setelah pendamping lama mengundurkan diri.",
            "Desa kesulitan menyusun dokumen perencanaan karena tidak ada pendamping yang bisa ditanya.",
        ],
        "why": [
            "Wilayah dampingan terlalu luas dan antar desa harus menyeberang laut.",
            "Rekrutmen pendamping baru lama dan tidak ada pengganti sementara.",
        ],
        "tried": [
            (
                "Kecamatan membuat jadwal pendampingan bergilir dan grup WhatsApp tanya-jawab dengan pendamping. Pertanyaan cepat terjawab walau pendamping tidak hadir.",
                "sebagian",
            ),
            (
                "Beberapa desa bertetangga mengadakan penyusunan dokumen bersama di satu tempat dengan satu pendamping. Semua dokumen selesai tepat waktu.",
                "berhasil",
            ),
        ],
        "queries": [
            "pendamping desa jarang hadir, dokumen perencanaan disusun sendiri",
        ],
    },
]
